// A small fork-join pool for the GEMM and elementwise kernels: parallelFor(tasks, fn) runs
// fn(task) for every task on the workers and the calling thread, and returns when all are done.
// Workers sleep on a condition variable between calls (the machine may be shared), after a short
// spin so back-to-back calls of one training step do not pay a wake-up each.
// Tasks are claimed one at a time from a counter tagged with the call's generation, and the caller
// waits only for workers that are inside the call: a worker the OS has not scheduled yet (a loaded
// machine) costs nothing, the caller runs its share. A worker that wakes after the call finds the
// generation's tasks all claimed, or a newer generation whose job it may run.
#pragma once
#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
 public:
  explicit ThreadPool(int threads) { resize(threads); }
  ~ThreadPool() { stop(); }

  int threads() const { return static_cast<int>(workers_.size()) + 1; }  // read under no lock: a hint

  /** Sets the total thread count (the calling thread included); 1 means no workers. */
  void resize(int threads) {
    std::lock_guard<std::mutex> call(call_);
    if (threads < 1) threads = 1;
    if (threads == this->threads() && !workers_.empty()) return;
    stop();
    quit_ = false;
    const unsigned start = generation_.load();  // read here: a call may start before a worker runs
    for (int i = 0; i < threads - 1; i++) workers_.emplace_back([this, start] { workerLoop(start); });
  }

  /** Runs fn(0..tasks-1) across the pool; the calling thread works too. */
  void parallelFor(int tasks, const std::function<void(int)>& fn) {
    if (tasks <= 0) return;
    // One caller at a time (addon calls from several worker_threads): the others run serially.
    std::unique_lock<std::mutex> call(call_, std::try_to_lock);
    if (tasks == 1 || workers_.empty() || !call.owns_lock()) {
      for (int t = 0; t < tasks; t++) fn(t);
      return;
    }
    unsigned generation;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      tasks_ = tasks;
      generation = generation_.load() + 1;
      claim_.store(static_cast<uint64_t>(generation) << 32);
      generation_.store(generation);
    }
    wake_.notify_all();
    drain(generation, fn, tasks);
    while (active_.load() != 0) std::this_thread::yield();
  }

 private:
  /** Claims and runs tasks of `generation` until none is left (or a newer call began). */
  void drain(unsigned generation, const std::function<void(int)>& fn, int tasks) {
    for (;;) {
      uint64_t c = claim_.load();
      do {
        if (static_cast<unsigned>(c >> 32) != generation || static_cast<uint32_t>(c) >= static_cast<uint32_t>(tasks)) return;
      } while (!claim_.compare_exchange_weak(c, c + 1));
      fn(static_cast<int>(static_cast<uint32_t>(c)));
    }
  }

  void workerLoop(unsigned seen) {
    for (;;) {
      // Spin briefly for the next call, then sleep.
      for (int spin = 0; spin < 2000 && generation_.load(std::memory_order_acquire) == seen && !quit_; spin++) std::this_thread::yield();
      if (generation_.load() == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || generation_.load() != seen; });
      }
      if (quit_) return;
      active_.fetch_add(1);  // before reading the job: the caller waits for every worker counted here
      const std::function<void(int)>* job;
      int tasks;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job = job_;
        tasks = tasks_;
        seen = generation_.load();
      }
      drain(seen, *job, tasks);
      active_.fetch_sub(1);
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex call_;
  std::mutex mutex_;
  std::condition_variable wake_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0;
  std::atomic<uint64_t> claim_{0};  // generation << 32 | next task
  std::atomic<int> active_{0};       // workers inside a call
  std::atomic<unsigned> generation_{0};
  std::atomic<bool> quit_{false};
};
