//go:build !unix

package main

import "os"

// maxRSSMB is not measured where the system does not report it.
func maxRSSMB(*os.ProcessState) float64 { return 0 }
