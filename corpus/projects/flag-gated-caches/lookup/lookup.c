#include "lookup.h"

#include <pthread.h>
#include <string.h>

struct memo_entry {
  char name[32];
  int value;
};

static struct memo_entry port_memo[64];
static int port_memo_count;
static struct memo_entry weight_memo[64];
static int weight_memo_count;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static int compute(const char *service) { return (int)strlen(service) * 101 % 65536; }

// negative: only main passes use_memo = 1, before any worker starts; the workers pass 0 and
// return before the memo (lookup_forget empties it under memo_lock).
int lookup_port(const char *service, int use_memo) {
  if (!use_memo) return compute(service);
  for (int i = 0; i < port_memo_count; ++i)
    if (strcmp(port_memo[i].name, service) == 0) return port_memo[i].value;
  if (port_memo_count == 64) return compute(service);
  struct memo_entry *slot = &port_memo[port_memo_count++];
  strncpy(slot->name, service, sizeof slot->name - 1);
  slot->value = compute(service);
  return slot->value;
}

// positive: the workers pass use_memo = 1: two can append at once, while lookup_forget
// empties the memo under memo_lock.
int lookup_weight(const char *service, int use_memo) {
  if (!use_memo) return compute(service) % 7;
  for (int i = 0; i < weight_memo_count; ++i)
    if (strcmp(weight_memo[i].name, service) == 0) return weight_memo[i].value;
  if (weight_memo_count == 64) return compute(service) % 7;
  struct memo_entry *slot = &weight_memo[weight_memo_count++];  // expect: concur-shared-global-cache
  strncpy(slot->name, service, sizeof slot->name - 1);
  slot->value = compute(service) % 7;
  return slot->value;
}

void lookup_forget(void) {
  pthread_mutex_lock(&memo_lock);
  port_memo_count = 0;
  weight_memo_count = 0;
  pthread_mutex_unlock(&memo_lock);
}
