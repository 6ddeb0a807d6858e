package utils_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
)

func TestRegistry(t *testing.T) {
	r := utils.NewRegistry[int]("widget type")
	if got := r.Kind(); got != "widget type" {
		t.Errorf("kind is %q", got)
	}
	for i, name := range []string{"b", "c", "a"} {
		if err := r.Register(name, i); err != nil {
			t.Fatalf("Register(%s): %v", name, err)
		}
	}
	if err := r.Register("c", 9); err == nil || err.Error() != "widget type 'c' is already registered" {
		t.Errorf("duplicate: got %v", err)
	}
	if err := r.Register("", 9); err == nil || err.Error() != "widget type name can't be empty" {
		t.Errorf("empty name: got %v", err)
	}
	if v, ok := r.Lookup("c"); !ok || v != 1 {
		t.Errorf("Lookup(c) = %d, %v; the duplicate must not overwrite", v, ok)
	}
	if _, ok := r.Lookup("z"); ok || r.Has("z") || !r.Has("a") {
		t.Error("Has/Lookup of an unknown name")
	}
	if got := strings.Join(r.Names(), ","); got != "a,b,c" {
		t.Errorf("Names() = %s, want sorted", got)
	}
	if got := r.All(); len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 2 || r.Len() != 3 {
		t.Errorf("All() = %v, want registration order", got)
	}

	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(error).Error(), "'a' is already registered") {
			t.Errorf("MustRegister of a duplicate: recovered %v", p)
		}
	}()
	r.MustRegister("a", 5)
}

func TestRegistryConcurrent(t *testing.T) {
	r := utils.NewRegistry[string]("thing")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := string(rune('a' + i))
			_ = r.Register(name, name)
			for range 100 {
				r.Lookup(name)
				r.Names()
			}
		}()
	}
	wg.Wait()
	if r.Len() != 8 {
		t.Errorf("%d entries, want 8", r.Len())
	}
}
