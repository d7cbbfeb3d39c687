// The declarations of Qt's <QThread> that concur reads. concur never parses
// Qt's implementation (it lives in libQt*Core.so, and the real header only
// declares these), so these declarations are all it sees of QThread with
// the real header too; the corpus does not install Qt to get them.
#pragma once

class QObject {
 public:
  explicit QObject(QObject* parent = nullptr);
  virtual ~QObject();
};

class QThread : public QObject {
 public:
  explicit QThread(QObject* parent = nullptr);
  ~QThread() override;
  void start();
  bool wait(unsigned long time = ~0UL);
  bool isRunning() const;

 protected:
  virtual void run();
};
