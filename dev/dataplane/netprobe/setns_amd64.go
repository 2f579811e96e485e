package main

// setns(2) on linux/amd64 (the standard library does not name it).
const sysSetns = 308
