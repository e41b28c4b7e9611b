package models

import "errors"

// Domain errors; handlers turn them into messages at the field.
var (
	ErrLimit   = errors.New("limit reached")
	ErrTooLong = errors.New("too long")
	// ErrDoorNotOpen refuses a check-in before the event's day.
	ErrDoorNotOpen = errors.New("the door is not open yet")
)
