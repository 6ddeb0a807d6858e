package servicestest

import (
	"context"
	"testing"
)

func TestTestEmail(t *testing.T) {
	tests := []struct{ smtpError, err string }{
		{"", ""},
		{"oops can't send", "oops can't send"},
	}
	for _, tc := range tests {
		err := NewEmail(tc.smtpError).Send(context.Background(), []string{"bob@example.com"}, "Hi", "Body")
		got := ""
		if err != nil {
			got = err.Error()
		}
		check(t, tc.err, got, "error with smtp_error %q", tc.smtpError)
	}
}
