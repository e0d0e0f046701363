// V8 platform: V8's default platform, with foreground tasks that wake the
// isolate's event loop. V8 posts foreground tasks from its worker threads
// (async WebAssembly compilation resolves its promise that way); the default
// platform only queues them for PumpMessageLoop, so without a wake-up a
// `WebAssembly.compile()` never settled while the loop slept (undici's
// llhttp). Each runtime registers a wake hook (sh_platform_set_wake) that
// the task runner calls after queueing a task, from any thread; the runtime
// then runs the tasks on its thread (sh_platform_run_tasks).
#include <libplatform/libplatform.h>

#include "v8shim.h"
#include "v8shim_internal.h"

namespace shim {
namespace {

class WakingTaskRunner : public v8::TaskRunner {
 public:
  WakingTaskRunner(std::shared_ptr<v8::TaskRunner> inner, sh_rt *rt) : inner_(inner), rt_(rt) {}
  void PostTask(std::unique_ptr<v8::Task> task) override {
    inner_->PostTask(std::move(task));
    Wake();
  }
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override {
    inner_->PostNonNestableTask(std::move(task));
    Wake();
  }
  // Delayed tasks (GC heuristics) run at the next wake-up or pump.
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->PostDelayedTask(std::move(task), delay);
  }
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->PostNonNestableDelayedTask(std::move(task), delay);
  }
  void PostIdleTask(std::unique_ptr<v8::IdleTask> task) override {
    inner_->PostIdleTask(std::move(task));
  }
  bool IdleTasksEnabled() override {
    return inner_->IdleTasksEnabled();
  }
  bool NonNestableTasksEnabled() const override {
    return inner_->NonNestableTasksEnabled();
  }
  bool NonNestableDelayedTasksEnabled() const override {
    return inner_->NonNestableDelayedTasksEnabled();
  }

 private:
  void Wake() {
    sh_wake_fn fn = rt_ ? rt_->wake.load() : nullptr;
    if (fn) fn(rt_->wake_data);
  }
  std::shared_ptr<v8::TaskRunner> inner_;
  sh_rt *rt_;
};

class WakingPlatform : public v8::Platform {
 public:
  explicit WakingPlatform(std::unique_ptr<v8::Platform> inner) : inner_(std::move(inner)) {}
  v8::Platform *inner() {
    return inner_.get();
  }

  v8::PageAllocator *GetPageAllocator() override {
    return inner_->GetPageAllocator();
  }
  void OnCriticalMemoryPressure() override {
    inner_->OnCriticalMemoryPressure();
  }
  int NumberOfWorkerThreads() override {
    return inner_->NumberOfWorkerThreads();
  }
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner(v8::Isolate *isolate) override {
    auto *rt = static_cast<sh_rt *>(isolate->GetData(0));
    return std::make_shared<WakingTaskRunner>(inner_->GetForegroundTaskRunner(isolate), rt);
  }
  void CallOnWorkerThread(std::unique_ptr<v8::Task> task) override {
    inner_->CallOnWorkerThread(std::move(task));
  }
  void CallDelayedOnWorkerThread(std::unique_ptr<v8::Task> task, double delay) override {
    inner_->CallDelayedOnWorkerThread(std::move(task), delay);
  }
  bool IdleTasksEnabled(v8::Isolate *isolate) override {
    return inner_->IdleTasksEnabled(isolate);
  }
  std::unique_ptr<v8::JobHandle> PostJob(v8::TaskPriority priority,
                                         std::unique_ptr<v8::JobTask> job) override {
    return inner_->PostJob(priority, std::move(job));
  }
  double MonotonicallyIncreasingTime() override {
    return inner_->MonotonicallyIncreasingTime();
  }
  double CurrentClockTimeMillis() override {
    return inner_->CurrentClockTimeMillis();
  }
  v8::TracingController *GetTracingController() override {
    return inner_->GetTracingController();
  }

 private:
  std::unique_ptr<v8::Platform> inner_;
};

WakingPlatform *g_waking;

}  // namespace

std::unique_ptr<v8::Platform> NewWakingPlatform() {
  auto p = std::make_unique<WakingPlatform>(v8::platform::NewDefaultPlatform());
  g_waking = p.get();
  return p;
}

}  // namespace shim

extern "C" {

void sh_platform_set_wake(sh_rt *rt, sh_wake_fn fn, void *data) {
  rt->wake_data = data;
  rt->wake.store(fn);
}

int sh_platform_run_tasks(sh_rt *rt) {
  if (!shim::g_waking) return 0;
  int n = 0;
  while (v8::platform::PumpMessageLoop(shim::g_waking->inner(), rt->isolate,
                                       v8::platform::MessageLoopBehavior::kDoNotWait))
    n++;
  return n;
}

}  // extern "C"
