module vigil.local/netprobe

go 1.22
