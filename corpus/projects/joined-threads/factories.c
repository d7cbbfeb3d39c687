/* Threads a C factory starts into the object it returns and a second
   function joins: crew *c = crew_start (4); ... crew_wait (c);. The caller
   that stores the result owns the threads: they run from the store to the
   join, and nothing of that caller runs alongside them outside that span.
   C thread pools and worker crews are built this way. */
#include <pthread.h>
#include <stdlib.h>

#include "factories.h"

struct counter {
  pthread_mutex_t lock;
  long value;
};

typedef struct crew {
  int size;
  pthread_t *members;
} crew;

static struct counter g_crew_hits = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *crew_main(void *unused) {
  pthread_mutex_lock(&g_crew_hits.lock);
  g_crew_hits.value++;
  pthread_mutex_unlock(&g_crew_hits.lock);
  return unused;
}

static crew *crew_start(int size) {
  crew *c = calloc(1, sizeof *c);
  c->members = calloc((size_t)size, sizeof *c->members);
  for (int i = 0; i < size; i++) {
    if (pthread_create(&c->members[i], NULL, crew_main, c) != 0) break;
    c->size++;
  }
  return c;
}

static void crew_wait(crew *c) {
  for (int i = 0; i < c->size; i++) pthread_join(c->members[i], NULL);
  free(c->members);
  free(c);
}

void reset_after_crew(void) {
  crew *c = crew_start(4);
  crew_wait(c);
  /* negative: crew_wait joined every thread crew_start left in the crew. */
  g_crew_hits.value = 0;
}

void reset_before_crew(void) {
  /* negative: no thread of the crew below exists yet. */
  g_crew_hits.value = 0;
  crew *c = crew_start(3);
  crew_wait(c);
}

void reset_during_crew(void) {
  crew *workers = crew_start(2);
  /* positive: the crew's threads count hits under the lock until crew_wait below. */
  g_crew_hits.value = 0; /* expect: concur-shared-global-cache */
  crew_wait(workers);
}

/* A gang is made by one factory and named by another that returns it. */
typedef struct gang {
  const char *name;
  pthread_t threads[2];
} gang;

static struct counter g_gang_hits = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *gang_main(void *unused) {
  pthread_mutex_lock(&g_gang_hits.lock);
  g_gang_hits.value++;
  pthread_mutex_unlock(&g_gang_hits.lock);
  return unused;
}

static gang *gang_start(void) {
  gang *g = calloc(1, sizeof *g);
  for (int i = 0; i < 2; i++) pthread_create(&g->threads[i], NULL, gang_main, g);
  return g;
}

static gang *gang_named(const char *name) {
  gang *made = gang_start();
  made->name = name;
  return made;
}

static void gang_join(gang *g) {
  for (int i = 0; i < 2; i++) pthread_join(g->threads[i], NULL);
  free(g);
}

void reset_after_named_gang(void) {
  gang *g = gang_named("reset");
  gang_join(g);
  /* negative: the gang gang_named returned, made by gang_start, was joined above. */
  g_gang_hits.value = 0;
}

/* A squad one caller keeps for the whole run. */
typedef struct squad {
  pthread_t threads[2];
} squad;

static struct counter g_squad_hits = {PTHREAD_MUTEX_INITIALIZER, 0};
static squad *g_background_squad;

static void *squad_main(void *unused) {
  pthread_mutex_lock(&g_squad_hits.lock);
  g_squad_hits.value++;
  pthread_mutex_unlock(&g_squad_hits.lock);
  return unused;
}

static squad *squad_start(void) {
  squad *s = calloc(1, sizeof *s);
  for (int i = 0; i < 2; i++) pthread_create(&s->threads[i], NULL, squad_main, s);
  return s;
}

static void squad_join(squad *s) {
  for (int i = 0; i < 2; i++) pthread_join(s->threads[i], NULL);
  free(s);
}

void keep_background_squad(void) { g_background_squad = squad_start(); }

void reset_after_squad(void) {
  squad *s = squad_start();
  squad_join(s);
  /* positive: this squad is joined, but the background squad's threads still count. */
  g_squad_hits.value = 0; /* expect: concur-shared-global-cache */
}

/* A posse whose maker drops it. */
typedef struct posse {
  pthread_t threads[2];
} posse;

static struct counter g_posse_hits = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *posse_main(void *unused) {
  pthread_mutex_lock(&g_posse_hits.lock);
  g_posse_hits.value++;
  pthread_mutex_unlock(&g_posse_hits.lock);
  return unused;
}

static posse *posse_start(void) {
  posse *p = calloc(1, sizeof *p);
  for (int i = 0; i < 2; i++) pthread_create(&p->threads[i], NULL, posse_main, p);
  return p;
}

void reset_after_dropped_posse(void) {
  posse_start();
  /* positive: nothing joins the posse's threads; they may still count. */
  g_posse_hits.value = 0; /* expect: concur-shared-global-cache */
}

/* A band whose maker may fail before it starts anything: a null band holds
   no thread, so the path that leaves on it owes no join. */
typedef struct band {
  int size;
  pthread_t players[4];
} band;

static struct counter g_band_hits = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *band_main(void *unused) {
  pthread_mutex_lock(&g_band_hits.lock);
  g_band_hits.value++;
  pthread_mutex_unlock(&g_band_hits.lock);
  return unused;
}

static band *band_start(int size) {
  band *b = calloc(1, sizeof *b);
  if (b == NULL) return NULL;
  for (b->size = 0; b->size < size && b->size < 4; b->size++)
    pthread_create(&b->players[b->size], NULL, band_main, b);
  return b;
}

static void band_stop(band *b) {
  for (int i = 0; i < b->size; i++) pthread_join(b->players[i], NULL);
  free(b);
}

int reset_after_checked_band(void) {
  band *b = band_start(3);
  if (!b) return -1;
  band_stop(b);
  /* negative: joined on the path that made the band; the other had none. */
  g_band_hits.value = 0;
  return 0;
}

struct stage {
  const char *name;
  band *band;
};

void reset_after_staged_band(struct stage *unused) {
  struct stage stage = {"staged", NULL};
  stage.band = band_start(2);
  if (stage.band == NULL) {
    (void)unused;
    return;
  }
  band_stop(stage.band);
  /* negative: the same, with the band kept in a field of a local. */
  g_band_hits.value = 0;
}

void reset_during_checked_band(void) {
  band *b = band_start(2);
  if (!b) return;
  /* positive: the band plays (and counts under the lock) until band_stop below. */
  g_band_hits.value = 0; /* expect: concur-shared-global-cache */
  band_stop(b);
}
