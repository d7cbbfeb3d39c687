/* A pthread worker hands the job it was started with to helpers that write
 * the job's own slot of a global table: one writer per element. A helper
 * that some call gives a slot every thread shares writes a shared element. */
#include <pthread.h>
#include <stddef.h>

/* glib's queue, as its header declares it. */
typedef struct _GList GList;
typedef struct _GQueue
{
  GList *head;
  GList *tail;
  unsigned int length;
} GQueue;
void g_queue_push_tail (GQueue *queue, void *data);

#define NWORKERS 4

struct job
{
  int slot;
  long input;
};

static GQueue g_lanes[NWORKERS + 1];
static struct job g_jobs[NWORKERS];

static void
record (const struct job *j, long v)
{
  /* negative: every call passes the job its worker was handed. */
  g_queue_push_tail (&g_lanes[j->slot], (void *) v);
}

static void
summarize (const struct job *j)
{
  record (j, j->input * 2);
}

static void
add_total (int slot, long v)
{
  /* positive: the workers' call passes NWORKERS, one slot every worker shares. */
  g_queue_push_tail (&g_lanes[slot], (void *) v); /* expect: concur-shared-global-cache */
}

static void *
worker (void *arg)
{
  const struct job *j = arg;
  summarize (j);
  add_total (NWORKERS, j->input);
  return NULL;
}

void
run_jobs (void)
{
  pthread_t threads[NWORKERS];
  int i;
  for (i = 0; i < NWORKERS; i++)
    {
      g_jobs[i].slot = i;
      g_jobs[i].input = i * 10;
      pthread_create (&threads[i], NULL, worker, &g_jobs[i]);
    }
  for (i = 0; i < NWORKERS; i++)
    pthread_join (threads[i], NULL);
}
