// Package views holds the HTML templates: layouts/ for the page frame,
// pages/ for whole pages (also rendered alone as htmx fragments) and
// partials/ for pieces shared between pages or swapped in by htmx.
package views

import "embed"

// FS holds every template, parsed once at start.
//
//go:embed layouts pages partials
var FS embed.FS

// Emails holds the mail templates (see package mail), kept apart from the
// pages' templates.
//
//go:embed emails
var Emails embed.FS
