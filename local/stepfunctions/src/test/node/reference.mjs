// Runs differential-test corpus cases on aws-local-stepfunctions (the reference engine) and prints
// one JSON object: { "<case file>#<run name>": result }, where result is
// {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":...,"cause":...} or {"status":"TIMED_OUT"}.
//
// Usage: node reference.mjs <node_modules dir> <case.json>...
// Task states run the fake behaviours the case declares (echo, return, fail, sleepMs); Wait states and
// retry intervals use the case's overrides. The Java side (DifferentialTest) runs the same cases.

// aws-local-stepfunctions 3.0.0 calls Promise.withResolvers (Node 22); Node 20 lacks it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, ...files] = process.argv.slice(2);
const { StateMachine, ExecutionError, ExecutionTimeoutError } =
  await import(pathToFileURL(`${nodeModules}/aws-local-stepfunctions/build/main.node.esm.js`).href);

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const MACHINE = 'corpus';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One behaviour of a fake task: what the Java FakeTasks does for the same declaration.
async function perform(behaviour, input) {
  if (behaviour.sleepMs !== undefined) {
    await sleep(behaviour.sleepMs);
    return perform(behaviour.then ?? { echo: true }, input);
  }
  if (behaviour.fail !== undefined) {
    const error = new Error(behaviour.fail.cause);
    error.name = behaviour.fail.error;
    throw error;
  }
  if (behaviour.return !== undefined) {
    return structuredClone(behaviour.return);
  }
  if (behaviour.echo) {
    return input;
  }
  throw new Error(`unknown behaviour ${JSON.stringify(behaviour)}`);
}

function handlers(tasks) {
  const calls = {};
  const out = {};
  for (const [state, behaviours] of Object.entries(tasks ?? {})) {
    calls[state] = 0;
    out[state] = async (input) => {
      const call = calls[state]++;
      return perform(behaviours[Math.min(call, behaviours.length - 1)], input);
    };
  }
  return out;
}

async function run(testCase, runSpec) {
  let machine;
  try {
    machine = new StateMachine(testCase.definition);
  } catch (e) {
    return { status: 'REFERENCE_REJECTED', message: String(e?.message ?? e) };
  }
  const execution = machine.run(runSpec.input, {
    overrides: {
      taskResourceLocalHandlers: handlers(testCase.tasks),
      waitTimeOverrides: testCase.waitOverridesMs ?? {},
      retryIntervalOverrides: testCase.retryOverridesMs ?? {},
    },
    context: {
      Execution: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${MACHINE}:${runSpec.name}`, Name: runSpec.name },
      StateMachine: { Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${MACHINE}`, Name: MACHINE },
    },
  });
  try {
    const output = await execution.result;
    return { status: 'SUCCEEDED', output: output === undefined ? null : output };
  } catch (e) {
    if (e instanceof ExecutionTimeoutError) {
      return { status: 'TIMED_OUT' };
    }
    if (e instanceof ExecutionError) {
      return { status: 'FAILED', error: e.cause?.name ?? null, cause: e.cause?.message ?? null };
    }
    return { status: 'REFERENCE_ERROR', message: String(e?.message ?? e) };
  }
}

const results = {};
await Promise.all(files.map(async (file) => {
  const testCase = JSON.parse(readFileSync(file, 'utf8'));
  await Promise.all(testCase.runs.map(async (runSpec) => {
    results[`${basename(file)}#${runSpec.name}`] = await run(testCase, runSpec);
  }));
}));
process.stdout.write(JSON.stringify(results));
