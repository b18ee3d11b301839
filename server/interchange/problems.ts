import type { z } from 'zod';

/** One thing wrong with an element of an interchange file: where (a JSON path), and what, in both languages. */
export type Problem = { path: string; zh: string; en: string };

/** `$.records[12].outlet` from a path of keys and indexes. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', boolean: '真假值（true/false）', array: '数组', object: '对象', null: 'null' };

/** A schema issue in both languages (the format's own messages are written "中文 / English"). */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const i of issues) {
    const path = jsonPath(i.path);
    const own = i.message.includes(' / ') && i.code === 'custom' ? i.message.split(' / ') : null;
    if (own || (i.code === 'invalid_format' && i.message.includes(' / '))) {
      const [zh, en] = (own ?? i.message.split(' / ')) as [string, string];
      out.push({ path, zh, en });
      continue;
    }
    switch (i.code) {
      case 'invalid_type':
        if (i.input === undefined) out.push({ path, zh: '必填', en: 'Required' });
        else out.push({ path, zh: `类型不对，应为${TYPE_ZH[i.expected] ?? i.expected}`, en: `Expected ${i.expected}` });
        break;
      case 'too_small':
        out.push(
          i.origin === 'array'
            ? { path, zh: `至少 ${String(i.minimum)} 项`, en: `At least ${String(i.minimum)} item(s)` }
            : i.origin === 'string'
              ? { path, zh: Number(i.minimum) === 1 ? '不能为空' : `至少 ${String(i.minimum)} 个字符`, en: Number(i.minimum) === 1 ? 'Must not be empty' : `At least ${String(i.minimum)} characters` }
              : { path, zh: `不能小于 ${String(i.minimum)}`, en: `At least ${String(i.minimum)}` },
        );
        break;
      case 'too_big':
        out.push(
          i.origin === 'array'
            ? { path, zh: `最多 ${String(i.maximum)} 项`, en: `At most ${String(i.maximum)} item(s)` }
            : i.origin === 'string'
              ? { path, zh: `最多 ${String(i.maximum)} 个字符`, en: `At most ${String(i.maximum)} characters` }
              : { path, zh: `不能大于 ${String(i.maximum)}`, en: `At most ${String(i.maximum)}` },
        );
        break;
      case 'invalid_value': {
        const values = i.values.map((v) => JSON.stringify(v)).join(', ');
        out.push({ path, zh: `应为以下之一：${values}`, en: `Must be one of: ${values}` });
        break;
      }
      case 'unrecognized_keys':
        for (const k of i.keys) out.push({ path: jsonPath([...i.path, k]), zh: '不认识的字段（格式中没有）', en: 'Unknown field (not in the format)' });
        break;
      case 'invalid_union':
        out.push({ path: i.path[i.path.length - 1] === 'kind' ? path : jsonPath([...i.path, 'kind']), zh: '类型（kind）不对或缺失', en: 'Unknown or missing kind' });
        break;
      case 'invalid_format':
        out.push({ path, zh: '格式不对', en: `Wrong format (${i.format})` });
        break;
      default:
        out.push({ path, zh: `无效：${i.message}`, en: `Invalid: ${i.message}` });
    }
  }
  return out;
}
