package extract_test

import (
	"testing"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
)

func TestSeniority(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Technical Program Manager", "mid"},
		{"Senior Technical Program Manager, Infra", "senior"},
		{"Sr. TPM", "senior"},
		{"TPM III", "senior"},
		{"Staff Technical Program Manager", "staff"},
		{"Principal TPM", "principal"},
		{"Director, Technical Program Management", "director"},
		{"Head of Program Management", "director"},
		{"Manager, Technical Program Management", "manager"},
		{"TPM Manager", "manager"},
		{"Technical Program Manager Intern", "intern"},
		{"Associate Technical Program Manager", "junior"},
		{"Engineering Program Manager", "mid"},
	}
	for _, tt := range tests {
		if got := extract.Seniority(tt.title); got != tt.want {
			t.Errorf("Seniority(%q): got %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestExtract_Attributes(t *testing.T) {
	x := MustExtractor(t)
	tests := []struct {
		name  string
		p     *skilldemand.Posting
		check func(t *testing.T, a skilldemand.Attributes)
	}{
		{"Years", textPosting("Basic Qualifications:\n- 7+ years of experience in program management\n- 3-5 years working with engineers"), func(t *testing.T, a skilldemand.Attributes) {
			if a.MinYears != 7 {
				t.Errorf("min years: got %d, want 7", a.MinYears)
			}
		}},
		{"YearsWords", textPosting("Requirements:\n- At least five years of experience"), func(t *testing.T, a skilldemand.Attributes) {
			if a.MinYears != 5 {
				t.Errorf("min years: got %d, want 5", a.MinYears)
			}
		}},
		{"CompanyAge", textPosting("About us\nFounded 40 years ago.\n\nRequirements:\n- Jira"), func(t *testing.T, a skilldemand.Attributes) {
			if a.MinYears != 0 {
				t.Errorf("min years: got %d, want 0", a.MinYears)
			}
		}},
		{"DegreeRequired", textPosting("Basic Qualifications:\n- Bachelor's degree in Computer Science\n\nPreferred Qualifications:\n- MS or PhD"), func(t *testing.T, a skilldemand.Attributes) {
			if a.Degree != skilldemand.DegreeBachelor || a.DegreeStrength != skilldemand.StrengthRequired {
				t.Errorf("degree: got %q %q, want bachelor required", a.Degree, a.DegreeStrength)
			}
		}},
		{"DegreePreferred", textPosting("Requirements:\n- 5 years of experience\n\nNice to have:\n- Master's degree in engineering"), func(t *testing.T, a skilldemand.Attributes) {
			if a.Degree != skilldemand.DegreeMaster || a.DegreeStrength != skilldemand.StrengthPreferred {
				t.Errorf("degree: got %q %q, want master preferred", a.Degree, a.DegreeStrength)
			}
		}},
		{"NoDegree", textPosting("Requirements:\n- A degree is not required"), func(t *testing.T, a skilldemand.Attributes) {
			if a.Degree != skilldemand.DegreeNone {
				t.Errorf("degree: got %q, want none", a.Degree)
			}
		}},
		{"Hybrid", textPosting("This is a hybrid role, three days a week in our office."), func(t *testing.T, a skilldemand.Attributes) {
			if a.Workplace != skilldemand.WorkplaceHybrid {
				t.Errorf("workplace: got %q, want hybrid", a.Workplace)
			}
		}},
		{"Remote", textPosting("This role is fully remote."), func(t *testing.T, a skilldemand.Attributes) {
			if a.Workplace != skilldemand.WorkplaceRemote {
				t.Errorf("workplace: got %q, want remote", a.Workplace)
			}
		}},
		{"WorkplaceGiven", &skilldemand.Posting{Title: "TPM", Workplace: skilldemand.WorkplaceOnsite, Description: "Fully remote.", Format: skilldemand.FormatText}, func(t *testing.T, a skilldemand.Attributes) {
			if a.Workplace != skilldemand.WorkplaceOnsite {
				t.Errorf("workplace: got %q, want the posting's onsite", a.Workplace)
			}
		}},
		{"SalaryYear", textPosting("Compensation\nThe base salary range is $150,000 - $180,000 per year."), func(t *testing.T, a skilldemand.Attributes) {
			s := a.Salary
			if s == nil || s.Currency != "USD" || s.Interval != "year" || s.Min != 150000 || s.Max != 180000 || s.AnnualMax != 180000 || s.Provenance != "text" {
				t.Errorf("salary: got %+v, want USD 150000-180000 a year from text", s)
			}
		}},
		{"SalaryK", textPosting("Pay: USD 120k to 150k annually."), func(t *testing.T, a skilldemand.Attributes) {
			s := a.Salary
			if s == nil || s.Min != 120000 || s.Max != 150000 {
				t.Errorf("salary: got %+v, want 120000-150000", s)
			}
		}},
		{"SalaryHour", textPosting("Compensation: €60 - €75 per hour"), func(t *testing.T, a skilldemand.Attributes) {
			s := a.Salary
			if s == nil || s.Currency != "EUR" || s.Interval != "hour" || s.AnnualMin != 60*2080 || s.AnnualMax != 75*2080 {
				t.Errorf("salary: got %+v, want EUR 60-75 an hour annualised", s)
			}
		}},
		{"SalaryGiven", &skilldemand.Posting{Title: "TPM", Description: "<p>$1 - $2 per year</p>", Salary: &skilldemand.Salary{Currency: "USD", Interval: "month", Min: 10000, Max: 12000, Provenance: "lever.salaryRange"}}, func(t *testing.T, a skilldemand.Attributes) {
			s := a.Salary
			if s == nil || s.Provenance != "lever.salaryRange" || s.AnnualMin != 120000 || s.AnnualMax != 144000 {
				t.Errorf("salary: got %+v, want the API's range annualised", s)
			}
		}},
		{"SalaryCAD", textPosting("Compensation: CA$140,000 - CA$160,000 per year"), func(t *testing.T, a skilldemand.Attributes) {
			s := a.Salary
			if s == nil || s.Currency != "CAD" || s.Min != 140000 || s.Max != 160000 {
				t.Errorf("salary: got %+v, want CAD 140000-160000", s)
			}
		}},
		{"NoSalary", textPosting("Benefits\n- $5,000 learning stipend"), func(t *testing.T, a skilldemand.Attributes) {
			if a.Salary != nil {
				t.Errorf("salary: got %+v, want nil (a benefit is not pay)", a.Salary)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, x.Extract(tt.p).Attrs)
		})
	}
}
