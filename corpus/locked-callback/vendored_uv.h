/* The part of libuv's header a project that vendors libuv carries in its own
 * tree (on -I, not -isystem) and links against a prebuilt library: the
 * functions are declared here and defined nowhere in the project. */
#ifndef VENDORED_UV_H
#define VENDORED_UV_H
typedef struct uv_loop_s uv_loop_t;
typedef enum { UV_RUN_DEFAULT = 0, UV_RUN_ONCE, UV_RUN_NOWAIT } uv_run_mode;
typedef struct {
  int opaque;
} uv_mutex_t;
uv_loop_t *uv_default_loop(void);
int uv_run(uv_loop_t *loop, uv_run_mode mode);
int uv_mutex_init(uv_mutex_t *mutex);
void uv_mutex_lock(uv_mutex_t *mutex);
void uv_mutex_unlock(uv_mutex_t *mutex);
#endif
