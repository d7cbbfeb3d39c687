#include <stdio.h>

#include "wheel.h"

static unsigned g_hits[2];

/* The library calls it through the timer's pointer, which the project does not follow (timer_init is public). */
static void on_timeout(void *arg) {
  unsigned *count = arg;
  (*count)++;
  stats_fired();
}

static void *housekeeping_main(void *arg) {
  (void)arg;
  stats_reset();
  return NULL;
}

static void *ticker_main(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) stats_clear();
  return NULL;
}

struct client {
  struct wheel *w;
  int slot;
  struct timer timers[8];
};

static void *client_main(void *arg) {
  struct client *c = arg;
  for (int i = 0; i < 8; i++) {
    timer_init(&c->timers[i], on_timeout, &g_hits[c->slot]);
    wheel_add(c->w, &c->timers[i]);
    wheel_poll(c->w);
  }
  return NULL;
}

int main(void) {
  struct wheel w;
  wheel_init(&w);
  pthread_t housekeeping, ticker, clients[2];
  pthread_create(&housekeeping, NULL, housekeeping_main, NULL);
  pthread_join(housekeeping, NULL);
  struct client cs[2] = {{&w, 0, {{0}}}, {&w, 1, {{0}}}};
  pthread_create(&ticker, NULL, ticker_main, NULL);
  for (int i = 0; i < 2; i++) pthread_create(&clients[i], NULL, client_main, &cs[i]);
  for (int i = 0; i < 2; i++) pthread_join(clients[i], NULL);
  pthread_join(ticker, NULL);
  printf("%lu %u %u\n", g_stats.fired, g_hits[0], g_hits[1]);
  return 0;
}
