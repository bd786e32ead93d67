module github.com/symlinkgo/symlink/benchmarks

go 1.26.0

replace github.com/symlinkgo/symlink => ../

require (
	github.com/google/renameio/v2 v2.0.2
	github.com/symlinkgo/symlink v0.0.0-00010101000000-000000000000
)

require golang.org/x/sys v0.50.0 // indirect
