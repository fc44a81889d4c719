// Schedule and parameter schema validation, checked against what Prefect 3.9.1 answered for
// the same inputs (croniter, dateutil's rrulestr, jsonschema with Prefect's wrappers).
import test from 'ava';
import { isValidCron } from '../../packages/schemas/src/cron.ts';
import { rruleProblem, withDtstart } from '../../packages/schemas/src/rrule.ts';
import { SchemaValidationError, schemaProblem, validateValues, type ValidationOptions } from '../../packages/schemas/src/parameter-schemas.ts';
import { pythonRepr } from '../../packages/schemas/src/python-repr.ts';
import { isKnownTimezone } from '../../packages/schemas/src/deployment-schedules.ts';

const VALID_CRONS = ["0 0 * * *", "* * * * *", "*/5 * * * *", "0 9 * * mon-fri", "0 9 * * MON-FRI", "0 0 1 jan *", "0 0 L * *", "0 0 l * *", "0 0 10-l * *", "0 0 * * l5", "0 0 * * 1#2", "0 0 * * 7", "0 0 * * * 30", "0 0 * * * 0 2024", "@hourly", "@daily", "@weekly", "R(0-5) 0 * * *", "r/15 * * * *", "0 0 ? * *", "0 0 * * ?", "0 0 1,15 * *", "0,30 * * * *", "5/15 * * * *", "* * * * sun-sat", "0 0 * * fri-mon", "0 0 * jan-dec *", "0 0 * dec-feb *", "0 0 1-5/2 * *", "0 0 * * 0-7", "0 0 * * 1-7", "0 0 * * mon#2", "0 0 * * mon-wed#2", "0 0 * * 0 0", "0 0 0 * * 0", "0  0  *  *  *", "0 0 1 1 * 0 2099", "0 0 * * 6#5", "0 0 1-31/7 * *"];
const INVALID_CRONS = ["0 0 * * 5L", "0 0 * * 1#6", "0 0 * * 1#2,3", "0 0 * * 7 0", "0 0 * * * 60", "0 0 * * * 0 1969", "60 * * * *", "-1 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 32 * *", "0 0 * 0 *", "0 0 * 13 *", "@reboot", "H 0 * * *", "h 0 * * *", "R 0 * * *", "R(5-0) 0 * * *", "R/0 * * * *", "not a cron", "0 0 * *", "0 0 * * * * * *", "0 ? * * *", "0-59/0 * * * *", "0 0 1W * *", "1#2 * * * *", "0 0 0-5 * *", "0 0 * 0-5 *", ",,, * * * *", "0 0 * * L", "0 0 * * 5L,1#2", "0 0 * * * 0 2100", "*/x * * * *", "0 0 * * 1#0"];

test('accepts the cron strings croniter accepts and Prefect keeps', (t) => {
  for (const cron of VALID_CRONS) t.true(isValidCron(cron), cron);
  for (const cron of INVALID_CRONS) t.false(isValidCron(cron), cron);
});

const RRULES: Record<string, string | null> = {"FREQ=DAILY": null, "FREQ=DAILY;INTERVAL=2": null, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR": null, "FREQ=FOO": "Invalid RRule string \"FREQ=FOO\": invalid 'FREQ': FOO", "FREQ=DAILY;FOO=1": "Invalid RRule string \"FREQ=DAILY;FOO=1\": unknown parameter 'FOO'", "FREQ=DAILY;INTERVAL=x": "Invalid RRule string \"FREQ=DAILY;INTERVAL=x\": invalid 'INTERVAL': X", "FREQ=DAILY;INTERVAL": "Invalid RRule string \"FREQ=DAILY;INTERVAL\": not enough values to unpack (expected 2, got 1)", "": "Invalid RRule string \"\": empty string", "   ": "Invalid RRule string \"   \": empty string", "DTSTART:20240101T090000\nRRULE:FREQ=DAILY": null, "DTSTART:20240101T090000 RRULE:FREQ=DAILY": null, "DTSTART:notadate\nRRULE:FREQ=DAILY": "Invalid RRule string \"DTSTART:notadate\nRRULE:FREQ=DAILY\": Unknown string format: NOTADATE", "FREQ=MONTHLY;BYMONTHDAY=1,15": null, "FREQ=MONTHLY;BYMONTHDAY=1,x": "Invalid RRule string \"FREQ=MONTHLY;BYMONTHDAY=1,x\": invalid 'BYMONTHDAY': 1,X", "FREQ=WEEKLY;BYDAY=XX": "Invalid RRule string \"FREQ=WEEKLY;BYDAY=XX\": invalid 'BYDAY': XX", "FREQ=WEEKLY;BYDAY=+1MO": null, "FREQ=WEEKLY;BYDAY=MO(+1)": null, "FREQ=DAILY;UNTIL=20250101T000000Z": null, "FREQ=DAILY;UNTIL=garbage": "Invalid RRule string \"FREQ=DAILY;UNTIL=garbage\": invalid 'UNTIL': GARBAGE", "FREQ=DAILY;WKST=SU": null, "FREQ=DAILY;WKST=XX": "Invalid RRule string \"FREQ=DAILY;WKST=XX\": invalid 'WKST': XX", "EXDATE:20240101T000000\nRRULE:FREQ=DAILY": null, "FOO:BAR": "Invalid RRule string \"FOO:BAR\": unsupported property: FOO", "RRULE;X=1:FREQ=DAILY": "Invalid RRule string \"RRULE;X=1:FREQ=DAILY\": unsupported RRULE parm: X=1", "freq=daily;count=3": null, "FREQ=DAILY;COUNT=3;UNTIL=20250101": null, "RRULE:FREQ=DAILY:X": "Invalid RRule string \"RRULE:FREQ=DAILY:X\": too many values to unpack (expected 2)"};

test('refuses rrule strings with dateutil\'s messages', (t) => {
  for (const [rule, problem] of Object.entries(RRULES)) t.is(rruleProblem(rule) ?? null, problem, rule);
  t.is(rruleProblem('INTERVAL=2'), 'Invalid RRule string "INTERVAL=2": missing required parameter \'FREQ\'');
});

test('writes the DTSTART Prefect writes into rules without one', (t) => {
  const now = Date.UTC(2026, 2, 8, 12, 34, 56, 789);
  t.is(withDtstart('FREQ=DAILY', null, now), 'DTSTART:20200101T000000\nFREQ=DAILY');
  t.is(withDtstart('FREQ=MINUTELY;INTERVAL=7', 'America/New_York', now), 'DTSTART:20260308T083200\nFREQ=MINUTELY;INTERVAL=7');
  t.is(withDtstart('RRULE:FREQ=SECONDLY;INTERVAL=13', null, now), 'DTSTART:20260308T123447\nRRULE:FREQ=SECONDLY;INTERVAL=13');
  t.is(withDtstart('FREQ=MINUTELY;COUNT=3', null, now), 'DTSTART:20200101T000000\nFREQ=MINUTELY;COUNT=3');
  t.is(withDtstart('FREQ=MINUTELY;INTERVAL=7', 'Asia/Kolkata', now), 'DTSTART:20260308T175900\nFREQ=MINUTELY;INTERVAL=7');
  t.is(withDtstart('EXDATE:20240101T000000\nRRULE:FREQ=MINUTELY', null, now), 'DTSTART:20200101T000000\nEXDATE:20240101T000000\nRRULE:FREQ=MINUTELY');
  t.is(withDtstart('DTSTART:20240101T000000\nFREQ=MINUTELY', null, now), 'DTSTART:20240101T000000\nFREQ=MINUTELY');
  t.is(withDtstart('FREQ=FOO', null, now), 'FREQ=FOO');
});

test('knows IANA time zones, their aliases and their exact case', (t) => {
  for (const zone of ['UTC', 'America/New_York', 'US/Eastern', 'Europe/Paris', '']) t.true(isKnownTimezone(zone), zone);
  for (const zone of ['america/new_york', 'Mars/Base', 'EST5EDTX']) t.false(isKnownTimezone(zone), zone);
});

const SCHEMA_CASES: [Record<string, unknown>, unknown, ValidationOptions, string | null][] = [[{"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, {}, {}, "Validation failed. Failure reason: 'x' is a required property"], [{"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, {"x": "abc"}, {}, "Validation failed for field 'x'. Failure reason: 'abc' is not of type 'integer'"], [{"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "string"}}, "required": ["x", "y"]}, {"x": "abc"}, {}, "Validation failed. Failure reason: 'y' is a required property"], [{"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, {"x": null}, {}, "Validation failed for field 'x'. Failure reason: None is not of type 'integer'"], [{"type": "object", "properties": {"x": {"type": "integer"}}}, {"x": null}, {}, null], [{"type": "object", "properties": {"x": {"type": "integer", "default": 1}}}, {"x": null}, {}, "Validation failed for field 'x'. Failure reason: None is not of type 'integer'"], [{"type": "object", "properties": {"c": {"enum": ["a", "b"]}}}, {"c": "z"}, {}, "Validation failed for field 'c'. Failure reason: 'z' is not one of ['a', 'b']"], [{"title": "Parameters", "type": "object", "properties": {"m": {"$ref": "#/definitions/Model"}}, "required": ["m"], "definitions": {"Model": {"title": "Model", "type": "object", "properties": {"a": {"title": "A", "type": "integer"}, "b": {"type": "array", "items": {"type": "string"}}}, "required": ["a"]}}}, {"m": {"a": "no", "b": [1]}}, {}, "Validation failed for field 'm.a'. Failure reason: 'no' is not of type 'integer'"], [{"type": "object", "properties": {"m": {"$ref": "#/definitions/Model"}}, "definitions": {"Model": {"type": "object", "properties": {"b": {"type": "array", "items": {"type": "string"}}}}}}, {"m": {"b": ["ok", 2, "x"]}}, {}, "Validation failed for field 'm.b[1]'. Failure reason: 2 is not of type 'string'"], [{"type": "object", "properties": {"u": {"anyOf": [{"type": "integer"}, {"type": "string", "format": "date"}]}}}, {"u": [1]}, {}, "Validation failed for field 'u'. Failure reason: [1] is not valid under any of the given schemas"], [{"type": "object", "properties": {"u": {"anyOf": [{"type": "integer"}, {"$ref": "#/definitions/M"}]}}, "definitions": {"M": {"type": "object", "properties": {"k": {"type": "string"}}, "required": ["k"]}}}, {"u": {"k": 5}}, {}, "Validation failed for field 'u.k'. Failure reason: 5 is not of type 'string'"], [{"type": "object", "properties": {"t": {"type": "array", "items": [{"type": "integer"}, {"type": "string"}]}}}, {"t": ["a", 1]}, {}, "Validation failed for field 't[1]'. Failure reason: 1 is not of type 'string'"], [{"type": "object", "properties": {"n": {"type": "number", "minimum": 3, "maximum": 5}}}, {"n": 2.5}, {}, "Validation failed for field 'n'. Failure reason: 2.5 is less than the minimum of 3"], [{"type": "object", "properties": {"s": {"type": "string", "minLength": 3, "pattern": "^a"}}}, {"s": "bb"}, {}, "Validation failed for field 's'. Failure reason: 'bb' is too short"], [{"type": "object", "properties": {"x": {"type": "integer"}}, "additionalProperties": false}, {"x": 1, "z": 2, "y": 3}, {}, "Validation failed. Failure reason: Additional properties are not allowed ('y', 'z' were unexpected)"], [{"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, {}, {"ignoreRequired": true}, null], [{"type": "object", "properties": {"x": {"$ref": "#/definitions/Missing"}}}, {"x": 1}, {}, "Validation failed. Failure reason: PointerToNowhere: '/definitions/Missing' does not exist within {'type': 'object', 'properties': {'x': {'$ref': '#/definitions/Missing'}}}"], [{"type": "object", "properties": {"b": {"type": "boolean"}}}, {"b": 1}, {}, "Validation failed for field 'b'. Failure reason: 1 is not valid under any of the given schemas"], [{"type": "object", "properties": {"i": {"type": "integer"}}}, {"i": 1.5}, {}, "Validation failed for field 'i'. Failure reason: 1.5 is not valid under any of the given schemas"], [{"type": "object", "properties": {"o": {"type": "object", "properties": {"p": {"type": "string"}}, "required": ["p"]}}}, {"o": {}}, {}, "Validation failed for field 'o'. Failure reason: 'p' is a required property"], [{"type": "object", "properties": {"w": {"type": "string"}}}, {"w": "it's"}, {}, null], [{"type": "object", "properties": {"w": {"type": "string"}}}, {"w": {"k": [1, true, null, "v"]}}, {}, "Validation failed for field 'w'. Failure reason: {'k': [1, True, None, 'v']} is not valid under any of the given schemas"], [{"type": "object", "properties": {"na me": {"type": "string"}}}, {"na me": 1}, {}, "Validation failed for field \"$['na me']\". Failure reason: 1 is not valid under any of the given schemas"], [{"type": "object", "properties": {"e": {"allOf": [{"$ref": "#/definitions/Color"}]}}, "definitions": {"Color": {"title": "Color", "enum": ["red", "green"], "type": "string"}}}, {"e": "blue"}, {}, "Validation failed for field 'e'. Failure reason: 'blue' is not one of ['red', 'green']"], [{"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}, {"x": "a"}, {"preprocess": false}, "Validation failed for field 'x'. Failure reason: 'a' is not of type 'integer'"], [{"type": "object", "properties": {"x": {"type": "integer"}}}, {"x": null}, {"preprocess": false}, "Validation failed for field 'x'. Failure reason: None is not of type 'integer'"]];

test('reports the failure jsonschema\'s best_match picks, in Prefect\'s words', (t) => {
  for (const [schema, values, options, expected] of SCHEMA_CASES) {
    let message: string | null = null;
    try {
      validateValues(values, schema, options);
    } catch (error) {
      if (!(error instanceof SchemaValidationError)) throw error;
      message = error.message;
    }
    t.is(message, expected, JSON.stringify([schema, values]));
  }
});

test('checks schemas against the meta-schema for the keywords parameter schemas use', (t) => {
  t.is(schemaProblem({ type: 'object', properties: { x: { type: 'integer', minimum: 0 } }, required: ['x'] }), undefined);
  t.is(schemaProblem({ type: 'foo' }), "'foo' is not valid under any of the given schemas");
  t.is(schemaProblem({ properties: { x: 5 } }), "5 is not of type 'object', 'boolean'");
  t.is(schemaProblem({ required: ['a', 'a'] }), "['a', 'a'] has non-unique elements");
  t.is(schemaProblem({ anyOf: [] }), '[] should be non-empty');
});

test('prints values as Python\'s repr does', (t) => {
  t.is(pythonRepr({ a: [1, 2.5, true, null, "it's"] }), `{'a': [1, 2.5, True, None, "it's"]}`);
  t.is(pythonRepr('tab\tand\\'), "'tab\\tand\\\\'");
  t.is(pythonRepr(1e-7), '1e-07');
  t.is(pythonRepr(0.0001), '0.0001');
  t.is(pythonRepr(1.5e-20), '1.5e-20');
  t.is(pythonRepr(1e16), '10000000000000000', 'JSON cannot tell 1e16 from an int: ints win');
});
