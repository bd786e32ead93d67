//go:build !js && !plan9

package main

import (
	"os"
	"syscall"
)

// stopSignals ask the command to stop: an --all-or-nothing change then
// undoes what it made. SIGHUP comes when the terminal closes, SIGQUIT from
// Ctrl-\.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}
