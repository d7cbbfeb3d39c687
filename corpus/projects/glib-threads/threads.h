/* The thread API of GLib and libuv as a program sees it (declared here so that
   the corpus compiles without their headers). */
#pragma once

typedef struct _GThread GThread;
typedef void *(*GThreadFunc)(void *data);
GThread *g_thread_new(const char *name, GThreadFunc func, void *data);
void *g_thread_join(GThread *thread);

typedef unsigned long uv_thread_t;
int uv_thread_create(uv_thread_t *tid, void (*entry)(void *arg), void *arg);
int uv_thread_join(uv_thread_t *tid);

void load_settings(void);
void fill_cache(void);
void index_files(void);
void *count_words(void *data);
void scan_disk(void *arg);
