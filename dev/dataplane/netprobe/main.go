// netprobe: listeners and connection probes inside network namespaces, for Vigil's dataplane test
// (dev/dataplane). One run per scenario: it reads a plan (JSON) on stdin, starts a listener per
// (namespace, address, protocol, port), probes each (source namespace, destination, protocol, port) with a
// short connection attempt, probes again with a longer timeout whatever got no answer, and prints the results
// (JSON) on stdout. Only the Go standard library: it builds from this directory with no download.
//
// "reached" means the destination's stack answered: a TCP handshake, a UDP echo, an SCTP association, or a
// refusal (RST, ICMP port unreachable, ABORT), which also proves the packets got through. Silence until the
// timeout means the packets were dropped on the way. Any other error fails the run: it is not an answer.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

type listener struct {
	Netns string `json:"netns"`
	IP    string `json:"ip"`
	Proto string `json:"proto"`
	Port  int    `json:"port"`
}

type probe struct {
	ID    int    `json:"id"`
	Netns string `json:"netns"`
	Src   string `json:"src"`
	Dst   string `json:"dst"`
	Proto string `json:"proto"`
	Port  int    `json:"port"`
}

type plan struct {
	Listeners      []listener `json:"listeners"`
	Probes         []probe    `json:"probes"`
	TimeoutMs      int        `json:"timeoutMs"`
	RetryTimeoutMs int        `json:"retryTimeoutMs"`
	Concurrency    int        `json:"concurrency"`
}

type result struct {
	ID      int    `json:"id"`
	Reached bool   `json:"reached"`
	How     string `json:"how"`
	Retried bool   `json:"retried"`
}

const ipprotoSCTP = 132

// inNetns runs fn on a locked OS thread that has joined the named network namespace (ip netns add NAME).
// The thread is never unlocked, so Go discards it when fn returns: no other goroutine runs in that namespace.
func inNetns(name string, fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		f, err := os.Open("/run/netns/" + name)
		if err != nil {
			done <- err
			return
		}
		_, _, errno := syscall.RawSyscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0)
		f.Close()
		if errno != 0 {
			done <- fmt.Errorf("setns %s: %w", name, errno)
			return
		}
		done <- fn()
	}()
	return <-done
}

func hostPort(ip string, port int) string { return net.JoinHostPort(ip, strconv.Itoa(port)) }

func sockaddr(ip string, port int) (syscall.Sockaddr, int, error) {
	parsed := net.ParseIP(ip)
	if parsed == nil {
		return nil, 0, fmt.Errorf("not an IP: %s", ip)
	}
	if v4 := parsed.To4(); v4 != nil {
		sa := &syscall.SockaddrInet4{Port: port}
		copy(sa.Addr[:], v4)
		return sa, syscall.AF_INET, nil
	}
	sa := &syscall.SockaddrInet6{Port: port}
	copy(sa.Addr[:], parsed.To16())
	return sa, syscall.AF_INET6, nil
}

func listen(l listener) error {
	switch l.Proto {
	case "TCP":
		ln, err := net.Listen("tcp", hostPort(l.IP, l.Port))
		if err != nil {
			return err
		}
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
	case "UDP":
		pc, err := net.ListenPacket("udp", hostPort(l.IP, l.Port))
		if err != nil {
			return err
		}
		go func() {
			buf := make([]byte, 512)
			for {
				n, from, err := pc.ReadFrom(buf)
				if err != nil {
					return
				}
				pc.WriteTo(buf[:n], from) //nolint:errcheck // an echo; the prober notices a missing one
			}
		}()
	case "SCTP":
		sa, family, err := sockaddr(l.IP, l.Port)
		if err != nil {
			return err
		}
		fd, err := syscall.Socket(family, syscall.SOCK_STREAM, ipprotoSCTP)
		if err != nil {
			return fmt.Errorf("SCTP socket: %w", err)
		}
		if err := syscall.Bind(fd, sa); err != nil {
			return err
		}
		if err := syscall.Listen(fd, 128); err != nil {
			return err
		}
		go func() {
			for {
				c, _, err := syscall.Accept(fd)
				if err != nil {
					if errors.Is(err, syscall.EINTR) {
						continue
					}
					return
				}
				syscall.Close(c)
			}
		}()
	default:
		return fmt.Errorf("unknown protocol %q", l.Proto)
	}
	return nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func attempt(p probe, timeout time.Duration) (bool, string, error) {
	switch p.Proto {
	case "TCP":
		d := net.Dialer{Timeout: timeout, LocalAddr: &net.TCPAddr{IP: net.ParseIP(p.Src)}}
		c, err := d.Dial("tcp", hostPort(p.Dst, p.Port))
		if err == nil {
			c.Close()
			return true, "connected", nil
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			return true, "refused", nil
		}
		if isTimeout(err) {
			return false, "timeout", nil
		}
		return false, "", err
	case "UDP":
		c, err := net.DialUDP("udp", &net.UDPAddr{IP: net.ParseIP(p.Src)},
			&net.UDPAddr{IP: net.ParseIP(p.Dst), Port: p.Port})
		if err != nil {
			return false, "", err
		}
		defer c.Close()
		deadline := time.Now().Add(timeout)
		buf := make([]byte, 64)
		// Up to three datagrams within the timeout: each is a first packet again while none was answered.
		for i := 0; i < 3; i++ {
			if _, err := c.Write([]byte("vigil-probe")); err != nil {
				if errors.Is(err, syscall.ECONNREFUSED) {
					return true, "refused", nil
				}
				return false, "", err
			}
			step := time.Now().Add(timeout / 3)
			if step.After(deadline) || i == 2 {
				step = deadline
			}
			c.SetReadDeadline(step) //nolint:errcheck
			n, err := c.Read(buf)
			if err == nil && n > 0 {
				return true, "echo", nil
			}
			if errors.Is(err, syscall.ECONNREFUSED) {
				return true, "refused", nil
			}
			if err != nil && !isTimeout(err) {
				return false, "", err
			}
		}
		return false, "timeout", nil
	case "SCTP":
		return attemptSCTP(p, timeout)
	}
	return false, "", fmt.Errorf("unknown protocol %q", p.Proto)
}

func attemptSCTP(p probe, timeout time.Duration) (bool, string, error) {
	dst, family, err := sockaddr(p.Dst, p.Port)
	if err != nil {
		return false, "", err
	}
	src, _, err := sockaddr(p.Src, 0)
	if err != nil {
		return false, "", err
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK, ipprotoSCTP)
	if err != nil {
		return false, "", fmt.Errorf("SCTP socket: %w", err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, src); err != nil {
		return false, "", err
	}
	if err := syscall.Connect(fd, dst); err != nil && !errors.Is(err, syscall.EINPROGRESS) {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return true, "refused", nil
		}
		return false, "", err
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var w syscall.FdSet
		w.Bits[fd/64] |= 1 << (uint(fd) % 64)
		tv := syscall.NsecToTimeval(int64(time.Until(deadline)))
		n, err := syscall.Select(fd+1, nil, &w, nil, &tv)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return false, "", err
		}
		if n == 0 {
			break
		}
		soErr, err := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_ERROR)
		if err != nil {
			return false, "", err
		}
		switch syscall.Errno(soErr) {
		case 0:
			return true, "connected", nil
		case syscall.ECONNREFUSED, syscall.ECONNRESET:
			return true, "refused", nil
		case syscall.ETIMEDOUT:
			return false, "timeout", nil
		default:
			return false, "", syscall.Errno(soErr)
		}
	}
	return false, "timeout", nil
}

func run(probes []probe, timeout time.Duration, concurrency int, retried bool) ([]result, error) {
	results := make([]result, len(probes))
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, concurrency)
	for i, p := range probes {
		wg.Add(1)
		slots <- struct{}{}
		go func(i int, p probe) {
			defer wg.Done()
			defer func() { <-slots }()
			err := inNetns(p.Netns, func() error {
				reached, how, err := attempt(p, timeout)
				if err != nil {
					return err
				}
				results[i] = result{ID: p.ID, Reached: reached, How: how, Retried: retried}
				return nil
			})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("probe %d (%s %s -> %s %s/%d): %w", p.ID, p.Netns, p.Src, p.Dst, p.Proto, p.Port, err)
				}
				mu.Unlock()
			}
		}(i, p)
	}
	wg.Wait()
	return results, firstErr
}

// sctpSupported: can this kernel open an SCTP socket at all (many kernels ship without it)?
func sctpSupported() bool {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, ipprotoSCTP)
	if err != nil {
		return false
	}
	syscall.Close(fd)
	return true
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "netprobe: %v\n", err)
	os.Exit(1)
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "capabilities" {
		json.NewEncoder(os.Stdout).Encode(map[string]bool{"sctp": sctpSupported()}) //nolint:errcheck
		return
	}
	var pl plan
	if err := json.NewDecoder(os.Stdin).Decode(&pl); err != nil {
		fail(fmt.Errorf("reading the plan: %w", err))
	}
	if pl.Concurrency < 1 {
		pl.Concurrency = 1
	}
	for _, l := range pl.Listeners {
		l := l
		if err := inNetns(l.Netns, func() error { return listen(l) }); err != nil {
			fail(fmt.Errorf("listening in %s on %s %s/%d: %w", l.Netns, l.IP, l.Proto, l.Port, err))
		}
	}
	results, err := run(pl.Probes, time.Duration(pl.TimeoutMs)*time.Millisecond, pl.Concurrency, false)
	if err != nil {
		fail(err)
	}
	// Silence may be a slow machine: ask again, longer, before calling it a drop.
	var again []probe
	index := map[int]int{}
	for i, r := range results {
		if !r.Reached {
			index[pl.Probes[i].ID] = i
			again = append(again, pl.Probes[i])
		}
	}
	if len(again) > 0 {
		second, err := run(again, time.Duration(pl.RetryTimeoutMs)*time.Millisecond, pl.Concurrency, true)
		if err != nil {
			fail(err)
		}
		for _, r := range second {
			results[index[r.ID]] = r
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fail(err)
	}
}
