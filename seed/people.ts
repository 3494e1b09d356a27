/**
 * Made-up people: Chinese names, valid resident ID numbers (GB 11643), mainland mobile numbers,
 * e-mail addresses on example domains, and a few foreign passport holders. Every value comes
 * from the seed's PRNG.
 */
import { residentIdCheckChar } from '../shared/identity';
import type { IdType } from '../shared/identity';
import type { Random } from './random';

/** Common surnames with their pinyin (for e-mail addresses). */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['许', 'xu'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['曾', 'zeng'],
  ['肖', 'xiao'],
  ['田', 'tian'],
  ['董', 'dong'],
  ['袁', 'yuan'],
  ['潘', 'pan'],
  ['蒋', 'jiang'],
  ['蔡', 'cai'],
  ['余', 'yu'],
  ['杜', 'du'],
  ['叶', 'ye'],
  ['程', 'cheng'],
  ['苏', 'su'],
  ['魏', 'wei'],
  ['吕', 'lv'],
  ['丁', 'ding'],
  ['沈', 'shen'],
  ['姚', 'yao'],
  ['卢', 'lu'],
  ['姜', 'jiang'],
  ['崔', 'cui'],
  ['钟', 'zhong'],
  ['谭', 'tan'],
  ['陆', 'lu'],
  ['范', 'fan'],
  ['欧阳', 'ouyang'],
  ['司马', 'sima'],
];

const MALE_GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['刚', 'gang'],
  ['平', 'ping'],
  ['辉', 'hui'],
  ['鹏', 'peng'],
  ['华', 'hua'],
  ['飞', 'fei'],
  ['建国', 'jianguo'],
  ['志强', 'zhiqiang'],
  ['俊杰', 'junjie'],
  ['浩然', 'haoran'],
  ['子轩', 'zixuan'],
  ['宇航', 'yuhang'],
  ['国栋', 'guodong'],
  ['文博', 'wenbo'],
  ['天佑', 'tianyou'],
  ['家豪', 'jiahao'],
  ['晨阳', 'chenyang'],
  ['振华', 'zhenhua'],
];

const FEMALE_GIVEN: readonly (readonly [string, string])[] = [
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['艳', 'yan'],
  ['娟', 'juan'],
  ['霞', 'xia'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['琳', 'lin'],
  ['颖', 'ying'],
  ['倩', 'qian'],
  ['洁', 'jie'],
  ['玲', 'ling'],
  ['燕', 'yan'],
  ['秀英', 'xiuying'],
  ['桂英', 'guiying'],
  ['淑珍', 'shuzhen'],
  ['晓燕', 'xiaoyan'],
  ['雨涵', 'yuhan'],
  ['欣怡', 'xinyi'],
  ['梓萱', 'zixuan'],
  ['诗琪', 'shiqi'],
  ['思雨', 'siyu'],
  ['佳怡', 'jiayi'],
  ['慧敏', 'huimin'],
  ['一诺', 'yinuo'],
];

/** District codes of real places (GB/T 2260), each with where it is, for plausible IDs. */
export const AREA_CODES = [
  '110101', // 北京东城
  '110105', // 北京朝阳
  '110108', // 北京海淀
  '120101', // 天津和平
  '310104', // 上海徐汇
  '310115', // 上海浦东
  '320102', // 南京玄武
  '330106', // 杭州西湖
  '370202', // 青岛市南
  '420106', // 武汉武昌
  '430104', // 长沙岳麓
  '440106', // 广州天河
  '440305', // 深圳南山
  '500103', // 重庆渝中
  '510107', // 成都武侯
  '610113', // 西安雁塔
] as const;

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
] as const;

export type Sex = 'male' | 'female';

export type Person = {
  name: string;
  /** For e-mail addresses: "wei.zhang". */
  latinName: string;
  sex: Sex;
  idType: IdType;
  idNumber: string;
  /** YYYY-MM-DD. */
  birthDate: string;
};

export function chineseName(
  random: Random,
  sex: Sex,
  surname?: readonly [string, string],
): { name: string; latinName: string; surname: readonly [string, string] } {
  const family = surname ?? random.pick(SURNAMES);
  const given = random.pick(sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
  return { name: family[0] + given[0], latinName: `${given[1]}.${family[1]}`, surname: family };
}

/** A resident ID: area code, birth date, a 3-digit sequence whose last digit is odd for men, check character. */
export function residentId(areaCode: string, birthDate: string, sequence: number, sex: Sex): string {
  if (!/^\d{6}$/.test(areaCode)) throw new Error(`area code must be 6 digits: ${areaCode}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new Error(`birth date must be YYYY-MM-DD: ${birthDate}`);
  // The sequence's last digit carries the sex: odd for men, even for women.
  const base = Math.max(0, Math.min(999, sequence));
  const seq = base % 2 === (sex === 'male' ? 1 : 0) ? base : base === 999 ? 998 : base + 1;
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A real calendar date between the two years (inclusive), as YYYY-MM-DD. */
export function birthDateBetween(random: Random, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  const day = new Date(start + random.int(0, Math.floor((end - start) / 86_400_000)) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

export function mobilePhone(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + random.digits(8);
}

const MAIL_DOMAINS = ['example.cn', 'example.com', 'example.net', 'mail.example.cn'] as const;

export function emailFor(random: Random, latinName: string): string {
  const style = random.int(0, 2);
  const local =
    style === 0
      ? latinName
      : style === 1
        ? `${latinName.replace('.', '')}${random.int(60, 99)}`
        : `${latinName.split('.')[1] ?? 'user'}${random.digits(4)}`;
  return `${local}@${random.pick(MAIL_DOMAINS)}`;
}

/** A mainland Chinese person with a resident ID born between the two years. */
export function mainlandPerson(
  random: Random,
  options: { fromYear: number; toYear: number; sex?: Sex; surname?: readonly [string, string]; areaCode?: string },
): Person & { surname: readonly [string, string]; areaCode: string } {
  const sex = options.sex ?? (random.chance(0.5) ? 'male' : 'female');
  const { name, latinName, surname } = chineseName(random, sex, options.surname);
  const birthDate = birthDateBetween(random, options.fromYear, options.toYear);
  const areaCode = options.areaCode ?? random.pick(AREA_CODES);
  return {
    name,
    latinName,
    sex,
    idType: 'resident_id',
    idNumber: residentId(areaCode, birthDate, random.int(1, 998), sex),
    birthDate,
    surname,
    areaCode,
  };
}

/** Foreign visitors and travellers from Hong Kong and Taiwan, with their document numbers' usual shapes. */
export const FOREIGN_PEOPLE: readonly Person[] = [
  {
    name: 'John Smith',
    latinName: 'john.smith',
    sex: 'male',
    idType: 'passport',
    idNumber: '548213907',
    birthDate: '1978-03-14',
  },
  {
    name: 'Emma Wilson',
    latinName: 'emma.wilson',
    sex: 'female',
    idType: 'passport',
    idNumber: '125734968',
    birthDate: '1990-11-02',
  },
  {
    name: 'Lukas Müller',
    latinName: 'lukas.mueller',
    sex: 'male',
    idType: 'passport',
    idNumber: 'C4J7K2M9L',
    birthDate: '1985-06-21',
  },
  {
    name: 'Tanaka Yuki',
    latinName: 'yuki.tanaka',
    sex: 'female',
    idType: 'passport',
    idNumber: 'TK4821937',
    birthDate: '1994-01-30',
  },
  {
    name: 'Kim Minjun',
    latinName: 'minjun.kim',
    sex: 'male',
    idType: 'passport',
    idNumber: 'M47281936',
    birthDate: '1988-09-09',
  },
  {
    name: '李家豪',
    latinName: 'kahou.lee',
    sex: 'male',
    idType: 'hk_macau_permit',
    idNumber: 'H60418273',
    birthDate: '1982-12-05',
  },
  {
    name: '陈怡君',
    latinName: 'yichun.chen',
    sex: 'female',
    idType: 'taiwan_permit',
    idNumber: '08317425',
    birthDate: '1991-04-17',
  },
  {
    name: '王海涛',
    latinName: 'haitao.wang',
    sex: 'male',
    idType: 'passport',
    idNumber: 'E73918264',
    birthDate: '1976-08-28',
  },
];
