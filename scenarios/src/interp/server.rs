//! A GenServer made of steps: `init` runs the `init:` steps; `handle_call` runs the first
//! clause whose pattern matches the request and replies with its reply expression. No
//! clause matching is Elixir's `FunctionClauseError` in `handle_call/3`: the server exits
//! `{:function_clause, stacktrace}` (stacktraces are empty here).

use super::eval::{Env, Val, matches, resolve_pins};
use super::exec::{Ctx, run_block, run_steps};
use super::record::Recorder;
use crate::lang::Block;
use crate::lang::term::{Expr, Pat};
use model::gen_server::{CallReply, From, Init, Server};
use sim::{Proc, Term};
use std::cell::RefCell;
use std::rc::Rc;

pub(super) struct StepServer {
    rec: Rc<RefCell<Recorder>>,
    /// The variables visible where the server was started.
    env: Env,
    init: Block,
    calls: Rc<[(Pat, Block, Expr)]>,
}

impl StepServer {
    pub(super) fn new(
        rec: Rc<RefCell<Recorder>>,
        env: Env,
        init: Block,
        calls: Rc<[(Pat, Block, Expr)]>,
    ) -> StepServer {
        StepServer {
            rec,
            env,
            init,
            calls,
        }
    }

    fn cx(&self, p: &Proc) -> Ctx {
        Ctx {
            p: p.clone(),
            rec: self.rec.clone(),
        }
    }
}

impl Server for StepServer {
    async fn init(&mut self, p: &Proc) -> Init {
        let cx = self.cx(p);
        let mut env = self.env.clone();
        run_block(&cx, &mut env, &self.init).await;
        Init::Ok
    }

    async fn handle_call(&mut self, p: &Proc, request: Term, _from: From) -> CallReply {
        let cx = self.cx(p);
        let calls = self.calls.clone();
        for (pat, body, reply) in calls.iter() {
            let pat = resolve_pins(&self.env, pat);
            let mut bound = Vec::new();
            if matches(&pat, &request, &mut bound) {
                let mut env = self.env.clone();
                env.extend(bound.into_iter().map(|(n, t)| (n, Val::Term(t))));
                run_steps(&cx, &mut env, body).await;
                return CallReply::Reply(cx.eval(&env, reply).await);
            }
        }
        p.error(Term::atom("function_clause")).await
    }
}
