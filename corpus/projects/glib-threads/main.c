/* A program that runs two jobs on threads it joins, then starts an indexer it
   never joins. */
#include <stddef.h>

#include "threads.h"

void *count_words(void *data) { return data; }

void scan_disk(void *arg) { (void)arg; }

static void *indexer(void *data) {
  index_files();
  return data;
}

int main(void) {
  load_settings();
  GThread *counter = g_thread_new("count", count_words, NULL);
  g_thread_join(counter);
  uv_thread_t scanner;
  if (uv_thread_create(&scanner, scan_disk, NULL) < 0) return 1;
  uv_thread_join(&scanner);
  fill_cache();
  g_thread_new("index", indexer, NULL);
  index_files();
  return 0;
}
