// concur/reactor.h — the bundled reactor: C++20 coroutine tasks on epoll.
//
//   concur::Reactor reactor;
//   reactor.run([]() -> concur::Task<void> {
//     auto listener = concur::TcpListener::bind("127.0.0.1", 0);
//     concur::TaskGroup group;
//     ...
//     co_await group.join();
//   }());
//
// See docs/reactor/README.md.
#pragma once

#include "concur/reactor/cancellation.h"
#include "concur/reactor/channel.h"
#include "concur/reactor/loop.h"
#include "concur/reactor/observer.h"
#include "concur/reactor/offload.h"
#include "concur/reactor/task.h"
#include "concur/reactor/task_group.h"
#include "concur/reactor/tcp.h"
#include "concur/reactor/timers.h"
