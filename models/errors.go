package models

import "errors"

// Domain errors; handlers turn them into messages at the field.
var (
	ErrLimit   = errors.New("limit reached")
	ErrTooLong = errors.New("too long")
)
