#include "opts.h"

const struct q_opts q_default_opts = {.caller_locked = 0, .notify = 1};
const struct q_opts q_locked_opts = {.caller_locked = 1, .notify = 0};
