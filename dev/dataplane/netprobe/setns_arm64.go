package main

// setns(2) on linux/arm64 (the standard library does not name it).
const sysSetns = 268
