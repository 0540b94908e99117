package benchcmp

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Mem is memory use at the end of a phase step, in bytes.
type Mem struct {
	// Peak is the process's peak resident set (VmHWM) since the last reset.
	Peak int64 `json:"peak"`
	// Base is the resident set when the peak was reset: the postings in
	// memory, before the step started. Peak-Base is the step's own cost.
	Base int64 `json:"base"`
	// Heap is the Go heap in use after a GC at the end of the step.
	Heap int64 `json:"heap"`
	// Reset says whether the peak could be reset (Linux only); when not,
	// Peak is the process's peak since it started.
	Reset bool `json:"reset"`
}

// memStep tracks one step's memory: call it before the step and call the
// returned function after.
func memStep() func() Mem {
	runtime.GC()
	base := procStatus("VmRSS")
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	return func() Mem {
		peak := procStatus("VmHWM")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return Mem{Peak: peak, Base: base, Heap: int64(ms.HeapInuse), Reset: reset}
	}
}

// procStatus reads a "kB" line of /proc/self/status in bytes; 0 when
// unavailable.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != key {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return n << 10
	}
	return 0
}
