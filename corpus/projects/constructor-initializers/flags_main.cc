#include <string>

#include "events.h"
#include "flags.h"

flags::Flag<int> verbosity("verbosity");
flags::Flag<std::string> log_dir("log_dir");

void Log(int) {}
void StartWorker();

int main() {
  verbosity.Set(2);
  log_dir.Set("/tmp");
  delete log_dir.Copy();
  events::Trigger trigger;
  trigger.Pull();
  events::Channel channel(&Log);
  channel.Deliver(1);
  StartWorker();
  return 0;
}
