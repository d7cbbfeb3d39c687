/* The library: a fixed table of named counters under one lock. */
#include <pthread.h>
#include <string.h>

#include "tally.h"

#define TALLY_SLOTS 16

static pthread_mutex_t g_tally_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  const char *name;
  long value;
} g_slots[TALLY_SLOTS];

/* negative: every change of the table is under g_tally_lock. */
void tally_add(const char *name, long n) {
  pthread_mutex_lock(&g_tally_lock);
  for (int i = 0; i < TALLY_SLOTS; i++) {
    if (g_slots[i].name == NULL) g_slots[i].name = name;
    if (strcmp(g_slots[i].name, name) == 0) {
      g_slots[i].value += n;
      break;
    }
  }
  pthread_mutex_unlock(&g_tally_lock);
}

long tally_get(const char *name) {
  long value = 0;
  pthread_mutex_lock(&g_tally_lock);
  for (int i = 0; i < TALLY_SLOTS && g_slots[i].name; i++)
    if (strcmp(g_slots[i].name, name) == 0) value = g_slots[i].value;
  pthread_mutex_unlock(&g_tally_lock);
  return value;
}
