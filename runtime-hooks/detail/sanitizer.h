// Which sanitizer this translation unit is built with (internal).
#pragma once

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CONCUR_TSAN 1
#endif
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CONCUR_ASAN_OR_MSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define CONCUR_TSAN 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CONCUR_ASAN_OR_MSAN 1
#endif

#if defined(CONCUR_TSAN) || defined(CONCUR_ASAN_OR_MSAN)
#define CONCUR_SANITIZER_ALLOCATOR 1
#else
#define CONCUR_SANITIZER_ALLOCATOR 0
#endif
