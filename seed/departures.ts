/**
 * Fifty departures: high-speed trains, domestic flights and shows, from the evening before the
 * anchor to 60 days after it. Times are spread so that, seen from the anchor, every refund band
 * exists: departed, under 24 h, 24-48 h, 48 h to 8 days, 8 days or more.
 */
import type { Mode, RuleSetId } from '../shared/departures';
import type { TicketTaxes } from '../shared/bookings';
import type { Random } from './random';
import { DAY, MINUTE } from './time';
import { sellsByRealName } from '../workflows/machines/passengers';

/** taxes: air only, what an adult ticket pays on top of the fare (development fund, fuel surcharge). */
export type SeedFareClass = { code: string; name: string; priceFen: number; capacity: number; taxes?: TicketTaxes };

export type SeedDeparture = {
  _id: string;
  mode: Mode;
  code: string;
  origin: string;
  destination: string;
  departureAt: Date;
  arrivalAt: Date | null;
  ruleSet: RuleSetId;
  organizer: string | null;
  realName: boolean;
  /** Shows: the approved attendee capacity; null for trains and flights. */
  approvedCapacity: number | null;
  classes: SeedFareClass[];
};

type RailRoute = {
  origin: string;
  destination: string;
  trains: readonly string[];
  minutes: number;
  second: number;
  first: number;
  business: number | null;
};

/** Second/first/business class fares in fen, as 12306 publishes them (rounded to 0.5 yuan). */
const RAIL_ROUTES: readonly RailRoute[] = [
  {
    origin: '北京南',
    destination: '上海虹桥',
    trains: ['G1', 'G3', 'G5', 'G7', 'G11', 'G13', 'G17'],
    minutes: 268,
    second: 55_300,
    first: 93_000,
    business: 174_800,
  },
  {
    origin: '上海虹桥',
    destination: '北京南',
    trains: ['G2', 'G4', 'G6', 'G10', 'G14'],
    minutes: 273,
    second: 55_300,
    first: 93_000,
    business: 174_800,
  },
  {
    origin: '北京南',
    destination: '南京南',
    trains: ['G101', 'G105'],
    minutes: 205,
    second: 44_350,
    first: 74_850,
    business: 139_300,
  },
  {
    origin: '上海虹桥',
    destination: '杭州东',
    trains: ['G7501', 'G7311'],
    minutes: 47,
    second: 7_300,
    first: 11_700,
    business: 21_900,
  },
  {
    origin: '北京西',
    destination: '广州南',
    trains: ['G79', 'G71'],
    minutes: 478,
    second: 86_250,
    first: 139_750,
    business: 272_400,
  },
  {
    origin: '成都东',
    destination: '重庆北',
    trains: ['G8501', 'G8503'],
    minutes: 62,
    second: 15_400,
    first: 24_650,
    business: 46_200,
  },
  {
    origin: '上海虹桥',
    destination: '南京',
    trains: ['D3022', 'D3126'],
    minutes: 118,
    second: 9_350,
    first: 14_950,
    business: null,
  },
  {
    origin: '广州南',
    destination: '深圳北',
    trains: ['G6211'],
    minutes: 36,
    second: 7_450,
    first: 11_950,
    business: 22_400,
  },
];

/** fuelFen: the domestic fuel surcharge for the route's length (¥10–¥60 as published); every domestic flight also pays the ¥50 development fund. */
type AirRoute = {
  airline: 'MU' | 'CA' | 'CZ';
  flights: readonly string[];
  origin: string;
  destination: string;
  minutes: number;
  economyFen: number;
  fuelFen: number;
};

/** 民航发展基金, domestic, per adult ticket. */
const DEVELOPMENT_FUND_FEN = 5_000;

const AIR_ROUTES: readonly AirRoute[] = [
  {
    airline: 'CA',
    flights: ['CA1501', 'CA1519', 'CA1831'],
    origin: 'PEK',
    destination: 'SHA',
    minutes: 135,
    economyFen: 124_000,
    fuelFen: 2_000,
  },
  {
    airline: 'MU',
    flights: ['MU5102', 'MU5138', 'MU5156'],
    origin: 'SHA',
    destination: 'PEK',
    minutes: 140,
    economyFen: 124_000,
    fuelFen: 2_000,
  },
  {
    airline: 'CZ',
    flights: ['CZ3101', 'CZ3109'],
    origin: 'CAN',
    destination: 'PEK',
    minutes: 195,
    economyFen: 171_000,
    fuelFen: 4_000,
  },
  {
    airline: 'MU',
    flights: ['MU5305', 'MU5311'],
    origin: 'SHA',
    destination: 'CAN',
    minutes: 160,
    economyFen: 148_000,
    fuelFen: 3_000,
  },
  {
    airline: 'CA',
    flights: ['CA4101', 'CA4113'],
    origin: 'PEK',
    destination: 'CTU',
    minutes: 185,
    economyFen: 175_000,
    fuelFen: 6_000,
  },
  {
    airline: 'CZ',
    flights: ['CZ6531', 'CZ3455'],
    origin: 'SZX',
    destination: 'PVG',
    minutes: 150,
    economyFen: 139_000,
    fuelFen: 3_000,
  },
];

/** The airline's booking classes as shares of the full economy fare, with seats in each bucket. */
const AIR_CLASSES: readonly { code: string; name: string; share: number; seats: number }[] = [
  { code: 'F', name: '头等舱', share: 2.5, seats: 8 },
  { code: 'C', name: '公务舱', share: 1.8, seats: 12 },
  { code: 'W', name: '超级经济舱', share: 1.15, seats: 24 },
  { code: 'Y', name: '经济舱全价', share: 1, seats: 40 },
  { code: 'D', name: '经济舱 D 舱', share: 0.9, seats: 16 },
  { code: 'M', name: '经济舱 M 舱', share: 0.85, seats: 16 },
  { code: 'H', name: '经济舱 H 舱', share: 0.8, seats: 18 },
  { code: 'U', name: '经济舱 U 舱', share: 0.7, seats: 18 },
  { code: 'L', name: '经济舱 L 舱', share: 0.65, seats: 20 },
  { code: 'E', name: '经济舱 E 舱', share: 0.55, seats: 20 },
  { code: 'V', name: '经济舱 V 舱', share: 0.5, seats: 20 },
  { code: 'Z', name: '经济舱 Z 舱（特价）', share: 0.45, seats: 15 },
  { code: 'T', name: '经济舱 T 舱（特价）', share: 0.4, seats: 15 },
];

type Show = {
  code: string;
  title: string;
  venue: string;
  organizer: 'poly-theatre' | 'default';
  seats: number;
  tiers: readonly [string, string, number][];
};

/** Shows and concerts (made up); over 5,000 seats are sold by real name. */
const SHOWS: readonly Show[] = [
  {
    code: 'PLY-CHAGUAN',
    title: '话剧《茶馆》',
    venue: '北京保利剧院',
    organizer: 'poly-theatre',
    seats: 1_400,
    tiers: [
      ['VIP', '贵宾席', 128_000],
      ['A', '甲等', 88_000],
      ['B', '乙等', 58_000],
      ['C', '丙等', 28_000],
    ],
  },
  {
    code: 'STAR-BJ',
    title: '星河巡回演唱会 北京站',
    venue: '国家体育场',
    organizer: 'default',
    seats: 68_000,
    tiers: [
      ['VIP', '内场VIP', 188_000],
      ['A', '看台A区', 128_000],
      ['B', '看台B区', 88_000],
      ['C', '看台C区', 48_000],
    ],
  },
  {
    code: 'PLY-LESMIS',
    title: '音乐剧《悲惨世界》中文版',
    venue: '上海保利大剧院',
    organizer: 'poly-theatre',
    seats: 1_600,
    tiers: [
      ['VIP', '贵宾席', 168_000],
      ['A', '甲等', 118_000],
      ['B', '乙等', 78_000],
      ['C', '丙等', 38_000],
    ],
  },
  {
    code: 'SUMMER-SH',
    title: '夏日回响演唱会 上海站',
    venue: '梅赛德斯-奔驰文化中心',
    organizer: 'default',
    seats: 18_000,
    tiers: [
      ['VIP', '内场VIP', 168_000],
      ['A', '看台A区', 108_000],
      ['B', '看台B区', 68_000],
    ],
  },
  {
    code: 'PLY-SWAN',
    title: '芭蕾舞剧《天鹅湖》',
    venue: '深圳保利剧院',
    organizer: 'poly-theatre',
    seats: 1_500,
    tiers: [
      ['VIP', '贵宾席', 98_000],
      ['A', '甲等', 68_000],
      ['B', '乙等', 38_000],
    ],
  },
  {
    code: 'SYM-SH',
    title: '城市之光交响音乐会',
    venue: '上海交响乐团音乐厅',
    organizer: 'default',
    seats: 1_200,
    tiers: [
      ['A', '甲等', 58_000],
      ['B', '乙等', 38_000],
      ['C', '丙等', 18_000],
    ],
  },
  {
    code: 'XIANGSHENG',
    title: '笑语京城相声专场',
    venue: '北京天桥艺术中心',
    organizer: 'default',
    seats: 1_000,
    tiers: [
      ['A', '甲等', 48_000],
      ['B', '乙等', 28_000],
    ],
  },
  {
    code: 'GUOFENG-GZ',
    title: '国风少年演唱会 广州站',
    venue: '广州体育馆',
    organizer: 'default',
    seats: 10_000,
    tiers: [
      ['VIP', '内场VIP', 128_000],
      ['A', '看台A区', 88_000],
      ['B', '看台B区', 58_000],
    ],
  },
  {
    code: 'PLY-LEIYU',
    title: '话剧《雷雨》',
    venue: '重庆保利大剧院',
    organizer: 'poly-theatre',
    seats: 1_300,
    tiers: [
      ['VIP', '贵宾席', 88_000],
      ['A', '甲等', 58_000],
      ['B', '乙等', 38_000],
    ],
  },
  {
    code: 'STAR-CD',
    title: '星河巡回演唱会 成都站',
    venue: '成都凤凰山体育公园',
    organizer: 'default',
    seats: 40_000,
    tiers: [
      ['VIP', '内场VIP', 168_000],
      ['A', '看台A区', 118_000],
      ['B', '看台B区', 78_000],
      ['C', '看台C区', 38_000],
    ],
  },
];

/**
 * When each departure leaves, as [days after the anchor day, local hour, minute]. Day -1 is the
 * evening before the anchor: departed by the anchor. Rail sells 15 days ahead, so trains stay
 * within two weeks; flights and shows go further.
 */
const RAIL_TIMES: readonly (readonly [number, number, number])[] = [
  [-1, 19, 0],
  [-1, 20, 30],
  [0, 7, 0],
  [0, 9, 0],
  [0, 13, 30],
  [0, 18, 0],
  [1, 7, 30],
  [1, 10, 0],
  [1, 16, 0],
  [1, 19, 0],
  [2, 8, 0],
  [3, 9, 30],
  [3, 14, 0],
  [4, 7, 0],
  [5, 12, 0],
  [6, 17, 30],
  [7, 8, 30],
  [9, 9, 0],
  [10, 14, 30],
  [11, 7, 0],
  [12, 11, 0],
  [13, 16, 0],
  [14, 8, 0],
  [14, 19, 0],
];
const AIR_TIMES: readonly (readonly [number, number, number])[] = [
  [-1, 21, 30],
  [0, 8, 0],
  [0, 15, 30],
  [0, 20, 0],
  [1, 9, 0],
  [1, 18, 30],
  [2, 7, 45],
  [4, 11, 0],
  [5, 16, 20],
  [7, 9, 30],
  [10, 13, 0],
  [15, 8, 30],
  [21, 19, 0],
  [28, 10, 15],
  [36, 14, 0],
  [45, 9, 0],
];
const SHOW_TIMES: readonly (readonly [number, number, number])[] = [
  [-1, 19, 30],
  [0, 19, 30],
  [1, 19, 30],
  [4, 19, 30],
  [6, 14, 0],
  [12, 19, 30],
  [20, 19, 30],
  [30, 19, 30],
  [44, 19, 30],
  [60, 19, 30],
];

export const DEPARTURE_COUNT = RAIL_TIMES.length + AIR_TIMES.length + SHOW_TIMES.length;

function at(anchor: Date, [days, hour, minute]: readonly [number, number, number]): Date {
  return new Date(anchor.getTime() + days * DAY + (hour * 60 + minute) * MINUTE);
}

/** Deterministic ObjectId hex: the seconds of `at` (as MongoDB would) and random bytes. */
export function objectIdAt(random: Random, time: Date): string {
  const seconds = Math.max(0, Math.floor(time.getTime() / 1000));
  return seconds.toString(16).padStart(8, '0').slice(-8) + random.hex(16);
}

const roundTo = (fen: number, step: number) => Math.round(fen / step) * step;

export function generateDepartures(random: Random, anchor: Date): SeedDeparture[] {
  const departures: SeedDeparture[] = [];
  // Several trains on the busiest line, so a change can move to another train the same day or later.
  const railRoutes = random.shuffle(RAIL_ROUTES.flatMap((route) => route.trains.map((train) => ({ route, train }))));
  RAIL_TIMES.forEach((time, i) => {
    const { route, train } = railRoutes[i % railRoutes.length] ?? { route: RAIL_ROUTES[0] as RailRoute, train: 'G1' };
    const departureAt = at(anchor, time);
    const classes: SeedFareClass[] = [
      { code: 'O', name: '二等座', priceFen: route.second, capacity: random.int(420, 560) },
      { code: 'M', name: '一等座', priceFen: route.first, capacity: random.int(60, 110) },
    ];
    if (route.business !== null)
      classes.push({ code: 'A9', name: '商务座', priceFen: route.business, capacity: random.int(10, 24) });
    departures.push({
      _id: objectIdAt(random, new Date(anchor.getTime() - 20 * DAY)),
      mode: 'rail',
      code: train,
      origin: route.origin,
      destination: route.destination,
      departureAt,
      arrivalAt: new Date(departureAt.getTime() + route.minutes * MINUTE),
      ruleSet: 'cn-rail',
      organizer: null,
      // The flag is the one-ticket-per-ID rule of big shows; trains and flights are named tickets anyway.
      realName: false,
      approvedCapacity: null,
      classes,
    });
  });

  const flights = random.shuffle(AIR_ROUTES.flatMap((route) => route.flights.map((flight) => ({ route, flight }))));
  AIR_TIMES.forEach((time, i) => {
    const { route, flight } = flights[i % flights.length] ?? { route: AIR_ROUTES[0] as AirRoute, flight: 'CA1501' };
    const departureAt = at(anchor, time);
    departures.push({
      _id: objectIdAt(random, new Date(anchor.getTime() - 60 * DAY)),
      mode: 'air',
      code: flight,
      origin: route.origin,
      destination: route.destination,
      departureAt,
      arrivalAt: new Date(departureAt.getTime() + route.minutes * MINUTE),
      ruleSet: 'cn-air',
      organizer: route.airline,
      realName: false,
      approvedCapacity: null,
      classes: AIR_CLASSES.map((c) => ({
        code: c.code,
        name: c.name,
        priceFen: roundTo(route.economyFen * c.share, 1_000),
        capacity: c.seats,
        taxes: { developmentFundFen: DEVELOPMENT_FUND_FEN, fuelSurchargeFen: route.fuelFen },
      })),
    });
  });

  SHOW_TIMES.forEach((time, i) => {
    const show = SHOWS[i % SHOWS.length] as Show;
    const departureAt = at(anchor, time);
    const tierSeats = Math.floor(show.seats / show.tiers.length);
    departures.push({
      _id: objectIdAt(random, new Date(anchor.getTime() - 90 * DAY)),
      mode: 'event',
      code: show.code,
      origin: show.venue,
      destination: show.title,
      departureAt,
      arrivalAt: new Date(departureAt.getTime() + 150 * MINUTE),
      ruleSet: 'event',
      organizer: show.organizer,
      realName: sellsByRealName({ mode: 'event', approvedCapacity: show.seats }),
      approvedCapacity: show.seats,
      classes: show.tiers.map(([code, name, priceFen]) => ({ code, name, priceFen, capacity: tierSeats })),
    });
  });
  return departures;
}
