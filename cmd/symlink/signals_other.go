//go:build js || plan9

package main

import "os"

// stopSignals ask the command to stop.
var stopSignals = []os.Signal{os.Interrupt}
