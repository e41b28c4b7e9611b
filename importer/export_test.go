package importer

// StopAfterBatch has fn run between a batch's writes and its record (tests
// stop an import there); it returns the undo.
func StopAfterBatch(fn func(start int)) func() {
	old := batchWritten
	batchWritten = fn
	return func() { batchWritten = old }
}
