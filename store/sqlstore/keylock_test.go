package sqlstore

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestKeyLockOrder queues waiters one after another and checks they get the lock in the
// order they asked for it, while another key is not held up.
func TestKeyLockOrder(t *testing.T) {
	k := newKeyLock()
	release := k.lock("a")
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock := k.lock("a")
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			unlock()
		}()
		// wait until the goroutine is queued before starting the next
		for {
			k.mu.Lock()
			n := len(k.queue["a"])
			k.mu.Unlock()
			if n == i+1 {
				break
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	k.lock("b")() // another key is free
	release()
	wg.Wait()
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, order)
	assert.Empty(t, k.queue)
}
