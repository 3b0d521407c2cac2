// Package golden holds the output safety net of acc-audit: its test runs
// the real command line in every output format (text, quiet text, json,
// sarif, junit, gitlab, checkstyle, and the md, csv and html migration
// reports) over the fixtures, the shared corpus when present and generated
// exports, and compares the SHA-256 of each output and of the sorted
// finding fingerprints with testdata/golden-hashes.txt. On the inputs of
// many files the JSON report is also produced with -j 1 and -j 4, and must
// not change: a result that depends on the order in which the workers read
// the files fails there first.
//
// A change of the engine that must not change any finding (an optimisation,
// a refactoring) keeps the test green. A change that is meant to change the
// output regenerates the file, in one command, and the diff of the file
// shows which inputs, formats and rule counts moved:
//
//	make golden
//	go test ./internal/golden -run TestGoldenHashes -update   # the same
//	ACC_AUDIT_GOLDEN_UPDATE=1 go test ./internal/golden        # the same
//
// The tool version is fixed to "golden", the clock to 2026-01-01, every
// path is given relative to the folder the scan runs in and the absolute
// folder is replaced by /ROOT, so the hashes do not depend on the clone,
// the machine or the build.
package golden
