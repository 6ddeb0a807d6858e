package smtp

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeSMTP accepts one session on 127.0.0.1 and returns the message data it received.
func fakeSMTP(t *testing.T) (int, <-chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err, "listen")
	t.Cleanup(func() { ln.Close() })
	data := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		r := bufio.NewReader(conn)
		reply := func(s string) { conn.Write([]byte(s + "\r\n")) }
		reply("220 fake ESMTP")
		var msg strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				reply("250 fake")
			case strings.HasPrefix(cmd, "DATA"):
				reply("354 go ahead")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					msg.WriteString(l)
				}
				data <- msg.String()
				reply("250 queued")
			case strings.HasPrefix(cmd, "QUIT"):
				reply("221 bye")
				return
			default:
				reply("250 ok")
			}
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, data
}

func TestSMTPEmail(t *testing.T) {
	port, data := fakeSMTP(t)
	email := New(Config{Host: "127.0.0.1", Port: port, From: "flows@example.com"})
	err := email.Send(context.Background(), []string{"bob@example.com", "jim@example.com"}, "Hi there", "Line 1\nLine 2")
	must(t, err, "send")
	select {
	case msg := <-data:
		for _, want := range []string{"From: flows@example.com\r\n", "To: bob@example.com, jim@example.com\r\n", "Subject: Hi there\r\n", "\r\n\r\nLine 1\r\nLine 2"} {
			check(t, true, strings.Contains(msg, want), "message %q contains %q", msg, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message received")
	}

	refusals := []struct {
		to      []string
		subject string
		err     string
	}{
		{nil, "Hi", "no recipients"},
		{[]string{"bob@example.com"}, "Hi\r\nBcc: eve@example.com", "contains a line break"},
	}
	for _, tc := range refusals {
		err := New(Config{Host: "127.0.0.1", Port: 1}).Send(context.Background(), tc.to, tc.subject, "body")
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%v %q: want error %q, got %v", tc.to, tc.subject, tc.err, err)
		}
	}
}
