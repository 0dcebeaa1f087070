//! `:"$callers"`, `:"$ancestors"` and `:"$initial_call"` as proc_lib and Task set them, and
//! `{:global, name}` / `{:via, :global, name}` names (semantics §1.10, §2.9).

use model::child_spec::ChildSpec;
use model::dynamic_supervisor::{self, Options};
use model::gen_server::{self, Init, ServerRef, StartResult};
use model::names::Name;
use model::proc_lib::{self, ancestors_key, callers_key};
use model::supervisor::{self, Flags, Strategy};
use model::task_supervisor::{self, ChildOpts};
use model::{Task, task};
use sim::runner::{each_seed, sim_for};
use sim::{Pid, Proc, Term, Timeout};

/// A server that reports its dictionary lineage to `to` from its `init`.
struct Reporter {
    to: Pid,
}

impl gen_server::Server for Reporter {
    fn initial_call(&self) -> Option<Term> {
        Some(Term::tuple([
            Term::module("Reporter"),
            Term::atom("init"),
            Term::Int(1),
        ]))
    }
    async fn init(&mut self, p: &Proc) -> Init {
        p.send(self.to, lineage(p)).await;
        Init::Ok
    }
}

fn lineage(p: &Proc) -> Term {
    let get = |k: Term| p.dict_get(&k).unwrap_or_else(Term::nil);
    Term::tuple([get(callers_key()), get(ancestors_key())])
}

fn pids(v: &[Pid]) -> Term {
    Term::list(v.iter().map(|p| Term::Pid(*p)).collect::<Vec<_>>())
}

async fn next(p: &Proc) -> Term {
    p.receive(Timeout::Ms(1000), |_| true)
        .await
        .expect("a lineage report")
}

#[test]
fn tasks_list_their_owner_first_and_servers_their_starter() {
    each_seed(20, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            let me = p.pid();
            // Task.async inside Task.async: both starters, innermost first.
            let outer = Task::spawn_async(&p, move |t| async move {
                let inner_owner = t.pid();
                let u = Task::spawn_async(&t, |v| async move { lineage(&v) }).await;
                let got = u.await_for(&t, Timeout::Ms(1000)).await;
                Term::tuple([Term::Pid(inner_owner), got])
            })
            .await;
            let r = outer.await_for(&p, Timeout::Ms(1000)).await;
            let [Term::Pid(inner), got] = r.as_tuple().expect("pair") else {
                panic!("{r}")
            };
            let chain = pids(&[*inner, me]);
            assert_eq!(*got, Term::tuple([chain.clone(), chain]));
            // A GenServer gets ancestors, no callers; a registered starter is named.
            assert!(p.register("boss", me));
            let StartResult::Ok(_) = gen_server::start_link(&p, Reporter { to: me }, None).await
            else {
                panic!("start")
            };
            let got = next(&p).await;
            assert_eq!(
                got,
                Term::tuple([Term::nil(), Term::list([Term::atom("boss")])])
            );
            // Task.start: callers are pids even when the owner has a name.
            let _ = task::start(&p, move |t| async move {
                t.send(me, lineage(&t)).await;
                Term::atom("ok")
            })
            .await;
            assert_eq!(
                next(&p).await,
                Term::tuple([pids(&[me]), Term::list([Term::atom("boss")])])
            );
        });
        let r = sim.run();
        assert_eq!(r.exit_reason(root), Some(&Term::atom("normal")), "{r:?}");
    });
}

#[test]
fn supervised_children_list_the_supervisor_first() {
    each_seed(20, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            let me = p.pid();
            // A Task.Supervisor named :jobs: ancestors name it, callers name the owner.
            let StartResult::Ok(tsup) =
                task_supervisor::start_link(&p, Options::default(), Some(&"jobs".into())).await
            else {
                panic!("tsup")
            };
            let sup = ServerRef::Pid(tsup);
            let r = task_supervisor::start_child(
                &p,
                &sup,
                move |t| async move {
                    t.send(me, lineage(&t)).await;
                    Term::atom("ok")
                },
                ChildOpts::default(),
            )
            .await;
            assert!(r.is_tagged("ok", 2), "{r}");
            let expect =
                Term::tuple([pids(&[me]), Term::list([Term::atom("jobs"), Term::Pid(me)])]);
            assert_eq!(next(&p).await, expect);
            let t =
                task_supervisor::async_nolink(&p, &sup, |t| async move { lineage(&t) }, None).await;
            assert_eq!(t.await_for(&p, Timeout::Ms(1000)).await, expect);
            // A static supervisor's GenServer child: [sup, me], no callers.
            let spec = ChildSpec::new(Term::atom("w"), move |s| async move {
                gen_server::start_link(&s, Reporter { to: me }, None)
                    .await
                    .to_term()
            });
            let StartResult::Ok(s) =
                supervisor::start_link(&p, vec![spec], Flags::new(Strategy::OneForOne), None).await
            else {
                panic!("sup")
            };
            assert_eq!(next(&p).await, Term::tuple([Term::nil(), pids(&[s, me])]));
            let StartResult::Ok(d) =
                dynamic_supervisor::start_link(&p, Options::default(), None).await
            else {
                panic!("dsup")
            };
            let init_calls: Vec<Term> = [s, d, tsup, me]
                .iter()
                .map(|pid| proc_lib::initial_call(&p, *pid))
                .collect();
            let sup_of = |m: &str| {
                Term::tuple([
                    Term::atom("supervisor"),
                    Term::module(m),
                    Term::list([Term::atom("Argument__1")]),
                ])
            };
            assert_eq!(
                init_calls,
                vec![
                    sup_of("Supervisor.Default"),
                    sup_of("Supervisor.Default"),
                    sup_of("Task.Supervisor"),
                    Term::bool(false)
                ]
            );
        });
        let r = sim.run();
        assert_eq!(r.exit_reason(root), Some(&Term::atom("normal")), "{r:?}");
    });
}

#[test]
fn global_names_reach_servers_and_go_with_them() {
    each_seed(20, |seed| {
        let mut sim = sim_for(seed);
        let root = sim.spawn(|p| async move {
            let me = p.pid();
            let g = Name::Global(Term::tuple([Term::atom("svc"), Term::Int(7)]));
            let StartResult::Ok(s) = gen_server::start(&p, Reporter { to: me }, Some(&g)).await
            else {
                panic!("start")
            };
            next(&p).await;
            // The same table, through {:via, :global, name}.
            let via = Name::ViaGlobal(Term::tuple([Term::atom("svc"), Term::Int(7)]));
            assert_eq!(via.whereis(&p), Some(s));
            let taken = gen_server::start(&p, Reporter { to: me }, Some(&via)).await;
            assert_eq!(
                taken.to_term(),
                Term::tuple([
                    Term::atom("error"),
                    Term::tuple([Term::atom("already_started"), Term::Pid(s)])
                ])
            );
            // A missing name: the call exits :noproc, naming the server as written.
            let missing = ServerRef::Name(Name::Global(Term::atom("nobody")));
            let r = p
                .catch_exit(gen_server::call(
                    &p,
                    &missing,
                    Term::atom("x"),
                    Timeout::Ms(100),
                ))
                .await;
            let Err(reason) = r else { panic!("no exit") };
            assert_eq!(
                reason.to_string(),
                "{:noproc, {GenServer, :call, [{:global, :nobody}, :x, 100]}}"
            );
            // Freed when the holder dies.
            p.exit_signal(s, Term::atom("kill")).await;
            p.sleep(1).await;
            assert_eq!(g.whereis(&p), None);
        });
        let r = sim.run();
        assert_eq!(r.exit_reason(root), Some(&Term::atom("normal")), "{r:?}");
    });
}
