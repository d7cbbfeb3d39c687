/* A serial test binary: its cases run one after another on the main thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "tally.h"

static pthread_mutex_t g_case_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_failures;
static int g_cases;

#define CHECK(cond)                              \
  do {                                           \
    if (!(cond)) {                               \
      fprintf(stderr, "failed: %s\n", #cond);    \
      g_failures++;                              \
    }                                            \
  } while (0)

/* The case lock keeps a future parallel runner from interleaving its checks. */
static void check_adds(void) {
  pthread_mutex_lock(&g_case_lock);
  tally_add("a", 2);
  CHECK(tally_get("a") == 2);
  pthread_mutex_unlock(&g_case_lock);
}

static void check_unknown(void) {
  /* negative: g_failures is locked in check_adds, but nothing runs alongside this binary's main. */
  CHECK(tally_get("missing") == 0);
  /* negative: the same for a plain counter of cases. */
  g_cases++;
}

/* The log lock, made on first use. */
static pthread_mutex_t *g_log_lock;

static void log_case(const char *name) {
  /* negative: a lazily made lock in a binary where nothing runs alongside main. */
  if (!g_log_lock) {
    g_log_lock = malloc(sizeof *g_log_lock);
    if (!g_log_lock) return;
    pthread_mutex_init(g_log_lock, NULL);
  }
  pthread_mutex_lock(g_log_lock);
  printf("case %s\n", name);
  pthread_mutex_unlock(g_log_lock);
}

int main(void) {
  g_cases++;
  log_case("adds");
  check_adds();
  check_unknown();
  printf("%d cases, %d failed\n", g_cases, g_failures);
  return g_failures != 0;
}
