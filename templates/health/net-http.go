// Package health serves the health checks of {{ project }}. shipspec wrote
// this file once: it is yours now.
//
// Mount it on your mux, with the database handle your app already has
// (*sql.DB has PingContext):
//
//	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
//	health.Register(mux, health.Check{Name: "database", Pinger: db})
//
// Liveness, GET {{ path }}: 200 without touching any dependency.
// Readiness, GET {{ readiness_path }}: checks {{ check_names }} with a {{ timeout }}-second limit each;
// 200 when all pass, 503 naming the failed checks otherwise. Responses never
// carry connection strings, passwords or stack traces; failures are logged.
package health

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"time"
)

// Timeout bounds each readiness check.
const Timeout = {{ timeout }} * time.Second

// Pinger is anything that can prove a dependency answers; *sql.DB is one.
type Pinger interface {
	PingContext(ctx context.Context) error
}

// Check is one named readiness dependency.
type Check struct {
	Name   string
	Pinger Pinger
}

// Register mounts {{ path }} and {{ readiness_path }} on mux.
func Register(mux *http.ServeMux, checks ...Check) {
	mux.HandleFunc("{{ path }}", func(w http.ResponseWriter, r *http.Request) {
		write(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("{{ readiness_path }}", func(w http.ResponseWriter, r *http.Request) {
		failed := []string{}
		for _, check := range checks {
			ctx, cancel := context.WithTimeout(r.Context(), Timeout)
			err := check.Pinger.PingContext(ctx)
			cancel()
			if err != nil {
				log.Printf("readiness check %s failed", check.Name)
				failed = append(failed, check.Name)
			}
		}
		if len(failed) > 0 {
			write(w, http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "failed": failed})
			return
		}
		write(w, http.StatusOK, map[string]any{"status": "ok"})
	})
}

func write(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
