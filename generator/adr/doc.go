// Package adr is the room for reading existing architecture-decision logs as
// they are: the metadata that MADR 2.x, log4brains, adr-tools and the
// variants teams grew from them keep in a record's body (a "* Status:"
// list under the title, a "## Status" section, a "Date:" line, a table) and
// in its file name ("0007-x.md", "adr-017-x.md", "20250108-x.md"), and the
// words, dates and people those records write. It holds no I/O and never
// fails: every function reads text and says what it understood, so that the
// loader can turn what is missing or unclear into a warning with a place.
//
// It may import model and the standard library.
package adr
