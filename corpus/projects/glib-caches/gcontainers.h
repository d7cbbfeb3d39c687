/* GLib's containers and threads as a program sees them (declared here so that
   the corpus compiles without GLib's headers). GHashTable is an opaque struct
   behind a typedef; GQueue is a public one. */
#pragma once

typedef struct _GHashTable GHashTable;
typedef struct _GPtrArray GPtrArray;
typedef struct _GQueue {
  void *head;
  void *tail;
  unsigned length;
} GQueue;
typedef struct _GMutex {
  void *p;
  unsigned i[2];
} GMutex;
typedef struct _GThread GThread;
typedef void *(*GThreadFunc)(void *data);

GHashTable *g_hash_table_new(unsigned (*hash)(const void *), int (*equal)(const void *, const void *));
int g_hash_table_insert(GHashTable *table, void *key, void *value);
int g_hash_table_replace(GHashTable *table, void *key, void *value);
int g_hash_table_remove(GHashTable *table, const void *key);
void *g_hash_table_lookup(GHashTable *table, const void *key);
unsigned g_hash_table_size(GHashTable *table);
unsigned g_str_hash(const void *v);
int g_str_equal(const void *a, const void *b);
GPtrArray *g_ptr_array_new(void);
void g_ptr_array_add(GPtrArray *array, void *data);
void g_queue_push_tail(GQueue *queue, void *data);
void *g_queue_peek_head(GQueue *queue);
char *g_strdup(const char *s);
void g_mutex_lock(GMutex *mutex);
void g_mutex_unlock(GMutex *mutex);
GThread *g_thread_new(const char *name, GThreadFunc func, void *data);
void *g_thread_join(GThread *thread);

/* names.c */
void names_remember(GHashTable *names, const char *name);
const char *names_find(GHashTable *names, const char *name);
