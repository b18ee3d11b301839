import type { Tx } from '../db/client';
import { insertPerson } from '../org/people';
import type { Role } from '../access/roles';
import { createRootUnit, insertUnit } from '../org/units';
import { generatePassword, hashPassword } from '../org/auth/password';

/**
 * Demo data drawn from the seed documents: a county police bureau (seed 001) with the city bureau
 * above it, and a district campaign office (seed 003), with people in every role. Passwords are generated on every load.
 */
type UnitSpec = { name: string; type: string; short?: string; children?: UnitSpec[] };
type PersonSpec = { login: string; name: string; unit: string; roles: { role: Role; unit: string }[]; phone?: string };

export const DEMO_ORGS: { root: UnitSpec; people: PersonSpec[] }[] = [
  {
    root: {
      name: '乌审旗公安局',
      short: '旗局',
      type: 'bureau',
      children: [
        { name: '政治工作办公室', short: '政工办', type: 'office' },
        { name: '交通管理大队', short: '交管大队', type: 'brigade' },
        { name: '嘎鲁图派出所', type: 'police_station' },
        { name: '乌审召派出所', type: 'police_station' },
        { name: '图克派出所', type: 'police_station' },
        { name: '无定河派出所', type: 'police_station' },
        { name: '苏力德苏木派出所', type: 'police_station' },
        { name: '看守所', type: 'detention_center' },
        { name: '拘留所', type: 'detention_center' },
        { name: '刑事侦查大队', short: '刑侦大队', type: 'department' },
        { name: '治安管理大队', short: '治安大队', type: 'department' },
        { name: '指挥中心', type: 'department' },
      ],
    },
    people: [
      { login: 'wsq.admin', name: '白永刚', unit: '政治工作办公室', roles: [{ role: 'admin', unit: '乌审旗公安局' }] },
      { login: 'wsq.auditor', name: '乌兰', unit: '政治工作办公室', roles: [{ role: 'auditor', unit: '乌审旗公安局' }] },
      { login: 'wsq.editor1', name: '刘海燕', unit: '政治工作办公室', roles: [{ role: 'editor', unit: '乌审旗公安局' }], phone: '13904771234' },
      { login: 'wsq.editor2', name: '高志强', unit: '政治工作办公室', roles: [{ role: 'editor', unit: '乌审旗公安局' }] },
      { login: 'wsq.editor3', name: '斯琴', unit: '政治工作办公室', roles: [{ role: 'editor', unit: '乌审旗公安局' }] },
      { login: 'wsq.leader', name: '张国栋', unit: '政治工作办公室', roles: [{ role: 'leader', unit: '乌审旗公安局' }] },
      { login: 'glt.tongxun', name: '王磊', unit: '嘎鲁图派出所', roles: [{ role: 'correspondent', unit: '嘎鲁图派出所' }], phone: '15147701122' },
      { login: 'glt.suozhang', name: '李建军', unit: '嘎鲁图派出所', roles: [{ role: 'unit_approver', unit: '嘎鲁图派出所' }] },
      { login: 'wsz.tongxun', name: '那日苏', unit: '乌审召派出所', roles: [{ role: 'correspondent', unit: '乌审召派出所' }] },
      { login: 'wsz.suozhang', name: '赵文斌', unit: '乌审召派出所', roles: [{ role: 'unit_approver', unit: '乌审召派出所' }] },
      { login: 'jg.tongxun', name: '陈晓东', unit: '交通管理大队', roles: [{ role: 'correspondent', unit: '交通管理大队' }] },
      { login: 'jg.daduizhang', name: '孙立明', unit: '交通管理大队', roles: [{ role: 'unit_approver', unit: '交通管理大队' }] },
      { login: 'xz.tongxun', name: '郭丽', unit: '刑事侦查大队', roles: [{ role: 'correspondent', unit: '刑事侦查大队' }] },
    ],
  },
  {
    // The city bureau above 乌审旗公安局 (seed 001: 市局、旗局、所队三级联动): its upper office in this
    // deployment (demo-submissions.ts links them), reviewing forwarded items by a short chain.
    root: {
      name: '鄂尔多斯市公安局',
      short: '市局',
      type: 'bureau',
      children: [{ name: '政治部宣传处', short: '宣传处', type: 'office' }],
    },
    people: [
      { login: 'eeds.admin', name: '吉日嘎拉', unit: '政治部宣传处', roles: [{ role: 'admin', unit: '鄂尔多斯市公安局' }] },
      { login: 'eeds.editor1', name: '任晓峰', unit: '政治部宣传处', roles: [{ role: 'editor', unit: '鄂尔多斯市公安局' }] },
      { login: 'eeds.editor2', name: '杜娟', unit: '政治部宣传处', roles: [{ role: 'editor', unit: '鄂尔多斯市公安局' }] },
      { login: 'eeds.leader', name: '包振华', unit: '政治部宣传处', roles: [{ role: 'leader', unit: '鄂尔多斯市公安局' }] },
    ],
  },
  {
    root: {
      name: '二道江区扫黑除恶专项斗争领导小组办公室',
      short: '区扫黑办',
      type: 'office',
      children: [
        { name: '区人民法院', type: 'member_unit' },
        { name: '区人民检察院', type: 'member_unit' },
        { name: '通化市公安局二道江分局', short: '公安分局', type: 'member_unit' },
        { name: '区委宣传部', type: 'member_unit' },
        { name: '区司法局', type: 'member_unit' },
        { name: '区市场监督管理局', short: '区市场监管局', type: 'member_unit' },
        { name: '东通化街道', type: 'township' },
        { name: '桃源街道', type: 'township' },
        { name: '五道江镇', type: 'township' },
        { name: '鸭园镇', type: 'township' },
        { name: '铁厂镇', type: 'township' },
        { name: '二道江乡', type: 'township' },
      ],
    },
    people: [
      { login: 'edj.admin', name: '臧博', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'admin', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'edj.auditor', name: '于静', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'auditor', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'edj.editor1', name: '周敏', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'editor', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'edj.editor2', name: '吴涛', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'editor', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'edj.editor3', name: '郑红', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'editor', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'edj.leader', name: '马志远', unit: '二道江区扫黑除恶专项斗争领导小组办公室', roles: [{ role: 'leader', unit: '二道江区扫黑除恶专项斗争领导小组办公室' }] },
      { login: 'fy.lianluo', name: '黄晓梅', unit: '区人民法院', roles: [{ role: 'correspondent', unit: '区人民法院' }] },
      { login: 'fy.zhuguan', name: '林国庆', unit: '区人民法院', roles: [{ role: 'unit_approver', unit: '区人民法院' }] },
      { login: 'gafj.lianluo', name: '何鹏', unit: '通化市公安局二道江分局', roles: [{ role: 'correspondent', unit: '通化市公安局二道江分局' }] },
      { login: 'gafj.zhuguan', name: '罗军', unit: '通化市公安局二道江分局', roles: [{ role: 'unit_approver', unit: '通化市公安局二道江分局' }] },
      { login: 'wdj.lianluo', name: '徐丽娜', unit: '五道江镇', roles: [{ role: 'correspondent', unit: '五道江镇' }] },
      { login: 'wdj.zhuguan', name: '宋建华', unit: '五道江镇', roles: [{ role: 'unit_approver', unit: '五道江镇' }] },
      { login: 'dth.lianluo', name: '韩雪', unit: '东通化街道', roles: [{ role: 'correspondent', unit: '东通化街道' }] },
      { login: 'dth.zhuguan', name: '冯志刚', unit: '东通化街道', roles: [{ role: 'unit_approver', unit: '东通化街道' }] },
    ],
  },
];

export type DemoAccount = { login: string; password: string; name: string; unit: string; roles: string };

export async function loadDemoData(tx: Tx, now: Date): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const org of DEMO_ORGS) {
    const byName = new Map<string, string>();
    const root = await createRootUnit(tx, { name: org.root.name, type: org.root.type, shortName: org.root.short ?? null, now });
    byName.set(root.name, root.id);
    const addChildren = async (parent: { id: string; path: string; depth: number }, specs: UnitSpec[]) => {
      let order = 0;
      for (const s of specs) {
        const row = await insertUnit(tx, { parent, name: s.name, shortName: s.short ?? null, type: s.type, sortOrder: (order += 10), now });
        byName.set(s.name, row.id);
        if (s.children) await addChildren(row, s.children);
      }
    };
    await addChildren(root, org.root.children ?? []);
    // Hash in parallel (argon2 runs on libuv's thread pool), insert one by one (one connection).
    const prepared = await Promise.all(
      org.people.map(async (p) => {
        const password = generatePassword();
        return { p, password, passwordHash: await hashPassword(password) };
      }),
    );
    const created: DemoAccount[] = [];
    for (const { p, password, passwordHash } of prepared) {
      await insertPerson(tx, {
        login: p.login,
        name: p.name,
        unitId: byName.get(p.unit)!,
        phone: p.phone ?? null,
        roles: p.roles.map((r) => ({ role: r.role, unitId: byName.get(r.unit)! })),
        password,
        passwordHash,
        now,
        mustChangePassword: false,
      });
      created.push({ login: p.login, password, name: p.name, unit: p.unit, roles: p.roles.map((r) => r.role).join(',') });
    }
    accounts.push(...created);
  }
  return accounts;
}

export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const w = Math.max(...accounts.map((a) => a.login.length));
  return accounts.map((a) => `  ${a.login.padEnd(w)}  ${a.password}  ${a.roles.padEnd(14)} ${a.name} · ${a.unit}`).join('\n');
}
