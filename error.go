package skilldemand

import (
	"errors"
	"fmt"
)

// Error codes used at the boundaries a user sees (CLI exit codes, HTTP status).
const (
	ECONFLICT = "conflict"  // a resource is held by someone else (a locked data dir)
	EINTERNAL = "internal"  // a bug or an unexpected failure
	EINVALID  = "invalid"   // bad input: config, flags, files
	ENOTFOUND = "not_found" // the thing asked for does not exist
	EUNAVAIL  = "unavailable"
)

// Error is an error with a code and a message meant for the user. Wrap
// low-level errors with %w and convert to *Error only at the boundary.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("skilldemand: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or err.Error() for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// Sentinel errors shared by the adapters.
var (
	// ErrNotFound is returned when a posting, run or snapshot does not exist.
	ErrNotFound = errors.New("not found")
	// ErrLocked is returned when another process holds the data files.
	ErrLocked = errors.New("data files are locked by another process")
)
