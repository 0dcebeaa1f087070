//! The intermediate ("monitor") process of a stream, 1.14's `stream_monitor/4`: it spawns
//! the tasks the caller asks for (through the [`SpawnFn`]), monitors each, arms its timeout,
//! and forwards each task's DOWN to the caller; on `{:stop, mref}` it kills the tasks still
//! running and exits `:normal`; when the caller dies it passes the reason on to its linked
//! tasks.

use super::{LinkType, SpawnFn, Spawned};
use crate::terms::{is_down, is_down_ref};
use sim::{Pid, Pinned, Proc, Ref, Term, Timeout};

/// A task the intermediate process watches (1.14's `running_tasks` values).
struct Running {
    r: Ref,
    position: usize,
    link: LinkType,
    pid: Pid,
    timer: Option<Ref>,
    timed_out: bool,
}

/// What the intermediate knows (1.14's `config` of `stream_monitor`).
struct Monitor {
    parent: Pid,
    parent_ref: Ref,
    monitor_ref: Ref,
    spawn: SpawnFn,
    timeout: Timeout,
}

/// `stream_monitor/4`: the intermediate process.
pub(super) async fn stream_monitor(
    m: Proc,
    parent: Pid,
    spawn: SpawnFn,
    trap: bool,
    timeout: Timeout,
) {
    m.trap_exit(trap);
    let parent_ref = m.monitor(parent).await;
    let start = m
        .receive(Timeout::Infinity, move |msg| {
            matches!(msg.as_tuple(), Some([Term::Pid(x), Term::Ref(_)]) if *x == parent)
                || is_down_ref(msg, parent_ref)
        })
        .await
        .expect("an infinite receive returns a message");
    if let Some(reason) = is_down(&start, parent_ref) {
        return m.exit(reason).await;
    }
    let Some([_, Term::Ref(monitor_ref)]) = start.as_tuple() else {
        unreachable!("matched {{parent, mref}}")
    };
    let cfg = Monitor {
        parent,
        parent_ref,
        monitor_ref: *monitor_ref,
        spawn,
        timeout,
    };
    monitor_loop(&m, &cfg).await;
}

/// `stream_monitor_loop/2`. Its `receive` ends with a catch-all clause, so it always takes
/// the oldest message.
async fn monitor_loop(m: &Proc, cfg: &Monitor) {
    let mut running: Vec<Running> = Vec::new();
    let mref = cfg.monitor_ref;
    loop {
        let msg = m
            .receive(Timeout::Infinity, |_| true)
            .await
            .expect("an infinite receive returns a message");
        match msg.as_tuple() {
            Some([tag, Term::Int(pos)]) if tag.is_atom("spawn") => {
                let pos = usize::try_from(*pos).expect("positions are >= 0");
                match (cfg.spawn)(m.clone()).await {
                    Spawned::Ok(link, pid) => {
                        let r = m.monitor(pid).await;
                        let timer = match cfg.timeout {
                            Timeout::Infinity => None,
                            Timeout::Ms(ms) => {
                                let key = Term::tuple([Term::Ref(mref), Term::Ref(r)]);
                                let msg = Term::tuple([Term::atom("timeout"), key]);
                                Some(m.send_after(m.pid(), msg, ms))
                            }
                        };
                        let key = Term::tuple([Term::Ref(mref), Term::Int(pos as i64)]);
                        m.send(
                            cfg.parent,
                            Term::tuple([Term::atom("spawned"), key, Term::Pid(pid)]),
                        )
                        .await;
                        running.push(Running {
                            r,
                            position: pos,
                            link,
                            pid,
                            timer,
                            timed_out: false,
                        });
                    }
                    Spawned::MaxChildren => {
                        m.send(
                            cfg.parent,
                            Term::tuple([Term::atom("max_children"), Term::Ref(mref)]),
                        )
                        .await;
                        // `stream_waiting_for_stop_loop/2`
                        loop {
                            let msg = m
                                .receive(Timeout::Infinity, |_| true)
                                .await
                                .expect("an infinite receive returns a message");
                            handle_stop_or_parent_down(m, &msg, &running, cfg).await;
                        }
                    }
                }
            }
            Some([tag, Term::Ref(r), _, _, reason])
                if tag.is_atom("DOWN") && running.iter().any(|t| t.r == *r) =>
            {
                let i = running.iter().position(|t| t.r == *r).expect("checked");
                let task = running.remove(i);
                if let Some(t) = task.timer {
                    m.cancel_timer(t);
                }
                let kind = if task.timed_out { "timed_out" } else { "down" };
                let key = Term::tuple([Term::Ref(mref), Term::Int(task.position as i64)]);
                m.send(
                    cfg.parent,
                    Term::tuple([Term::atom(kind), key, reason.clone()]),
                )
                .await;
            }
            Some([tag, key]) if tag.is_atom("timeout") && timeout_key(key, mref).is_some() => {
                let r = timeout_key(key, mref).expect("checked");
                if let Some(task) = running.iter_mut().find(|t| t.r == r && !t.timed_out) {
                    unlink_and_kill(m, task.pid).await;
                    task.timed_out = true;
                }
            }
            Some([tag, _, _]) if tag.is_atom("EXIT") => {}
            _ => handle_stop_or_parent_down(m, &msg, &running, cfg).await,
        }
    }
}

/// `{mref, ref}` ⇒ `ref`.
fn timeout_key(key: &Term, mref: Ref) -> Option<Ref> {
    match key.as_tuple() {
        Some([Term::Ref(x), Term::Ref(r)]) if *x == mref => Some(*r),
        _ => None,
    }
}

/// `handle_stop_or_parent_down/3`. `{:stop, mref}`: trap exits, `:kill` every running task,
/// wait for each DOWN, exit `:normal`. The caller's DOWN with `reason`: send `reason` to every
/// linked task, exit `reason`. Anything else is dropped.
async fn handle_stop_or_parent_down(m: &Proc, msg: &Term, running: &[Running], cfg: &Monitor) {
    let mref = cfg.monitor_ref;
    if matches!(msg.as_tuple(), Some([tag, Term::Ref(r)]) if tag.is_atom("stop") && *r == mref) {
        m.trap_exit(true);
        for t in running {
            m.exit_signal(t.pid, Term::atom("kill")).await;
        }
        for t in running {
            let r = t.r;
            m.receive_pinned(Timeout::Infinity, Pinned::Ref(r), move |x| {
                is_down_ref(x, r)
            })
            .await;
        }
        return m.exit(Term::atom("normal")).await;
    }
    if let Some(reason) = is_down(msg, cfg.parent_ref) {
        for t in running {
            if t.link == LinkType::Link {
                m.exit_signal(t.pid, reason.clone()).await;
            }
        }
        m.exit(reason).await
    }
}

/// `unlink_and_kill/1`: a helper monitors the intermediate process (so the task still dies if
/// the intermediate dies in between), then unlink, `:kill`, release the helper.
async fn unlink_and_kill(m: &Proc, pid: Pid) {
    let caller = m.pid();
    let done = m.make_ref();
    let enforcer = m
        .spawn(move |e| async move {
            let mon = e.monitor(caller).await;
            let got = e
                .receive(Timeout::Infinity, move |x| {
                    matches!(x.as_tuple(), Some([tag, Term::Ref(r)]) if tag.is_atom("done") && *r == done)
                        || is_down_ref(x, mon)
                })
                .await;
            if let Some(x) = got
                && is_down_ref(&x, mon)
            {
                e.exit_signal(pid, Term::atom("kill")).await;
            }
        })
        .await;
    m.unlink(pid).await;
    m.exit_signal(pid, Term::atom("kill")).await;
    m.send(enforcer, Term::tuple([Term::atom("done"), Term::Ref(done)]))
        .await;
}
