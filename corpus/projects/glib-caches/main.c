/* concur-shared-global-cache on GLib's C containers: a global GHashTable,
   GPtrArray or GQueue changed through the functions that take it as their
   first argument, from threads, with and without the program's lock. */
#include <stddef.h>

#include "gcontainers.h"

static GHashTable *g_names;
static GHashTable *g_index;
static GPtrArray *g_errors;
static GQueue g_pending;
static GHashTable *g_totals;
static GHashTable *g_seen;
static GMutex g_totals_lock;
/* A C struct of queues, and an array of queues with one per worker. */
static struct ingest {
  GQueue pending;
  GQueue rejected;
} g_ingest;
static GQueue g_lanes[2];
static GMutex g_ingest_lock;

struct lane_job {
  int slot;
  const char *row;
};

struct job {
  const char *name;
  GHashTable *own; /* the job's own table, not static storage */
};

static void *resolve(void *data) {
  struct job *job = data;
  /* positive: an insert into a global table from a worker, no lock. */
  g_hash_table_insert(g_names, g_strdup(job->name), NULL); /* expect: concur-shared-global-cache */
  /* positive: a global array of pointers grows on every worker. */
  g_ptr_array_add(g_errors, g_strdup(job->name)); /* expect: concur-shared-global-cache */
  /* positive: a global queue struct, handed by address. */
  g_queue_push_tail(&g_pending, job); /* expect: concur-shared-global-cache */
  /* negative: the job's own table is not shared. */
  g_hash_table_insert(job->own, g_strdup(job->name), NULL);
  /* negative: only looks the name up. */
  if (names_find(g_index, job->name) == NULL) return NULL;
  g_mutex_lock(&g_totals_lock);
  /* negative: under the program's lock. */
  g_hash_table_replace(g_totals, g_strdup(job->name), NULL);
  g_mutex_unlock(&g_totals_lock);
  return NULL;
}

static void *learn(void *data) {
  const char *name = data;
  /* positive: the table is changed by a helper in names.c it is handed to. */
  names_remember(g_index, name); /* expect: concur-shared-global-cache */
  return NULL;
}

static void *tally(void *data) {
  /* positive: check-then-act, the lookup and the insert both unlocked. */
  if (g_hash_table_lookup(g_seen, data) == NULL)
    g_hash_table_insert(g_seen, g_strdup(data), NULL); /* expect: concur-shared-global-cache */
  return NULL;
}

static void *ingest_row(void *data) {
  struct lane_job *job = data;
  /* positive: a queue field of a global struct, handed by address, no lock. */
  g_queue_push_tail(&g_ingest.pending, (void *)job->row); /* expect: concur-shared-global-cache */
  g_mutex_lock(&g_ingest_lock);
  /* negative: the other queue of the struct, under the program's lock. */
  g_queue_push_tail(&g_ingest.rejected, (void *)job->row);
  g_mutex_unlock(&g_ingest_lock);
  /* negative: the worker's own lane, picked with the slot its starter handed it. */
  g_queue_push_tail(&g_lanes[job->slot], (void *)job->row);
  return NULL;
}

int main(int argc, char **argv) {
  g_names = g_hash_table_new(g_str_hash, g_str_equal);
  g_index = g_hash_table_new(g_str_hash, g_str_equal);
  g_totals = g_hash_table_new(g_str_hash, g_str_equal);
  g_seen = g_hash_table_new(g_str_hash, g_str_equal);
  g_errors = g_ptr_array_new();
  /* negative: filled before any thread starts. */
  names_remember(g_index, "localhost");
  g_hash_table_insert(g_names, g_strdup("localhost"), NULL);
  struct job job = {argc > 1 ? argv[1] : "example.org", g_hash_table_new(g_str_hash, g_str_equal)};
  GThread *workers[3];
  workers[0] = g_thread_new("resolve", resolve, &job);
  workers[1] = g_thread_new("learn", learn, (void *)job.name);
  workers[2] = g_thread_new("tally", tally, (void *)job.name);
  for (int i = 0; i < 3; i++) g_thread_join(workers[i]);
  struct lane_job lanes[2] = {{0, "a"}, {1, "b"}};
  GThread *ingesters[2];
  for (int i = 0; i < 2; i++) ingesters[i] = g_thread_new("ingest", ingest_row, &lanes[i]);
  for (int i = 0; i < 2; i++) g_thread_join(ingesters[i]);
  /* negative: every worker is joined. */
  g_hash_table_remove(g_names, "localhost");
  return (int)g_hash_table_size(g_names);
}
