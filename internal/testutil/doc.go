// Package testutil holds the test helpers that the tests of package symlink
// and of its command share. Nothing but tests imports it.
package testutil
