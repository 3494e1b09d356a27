/** The QA screens, one chunk loaded on first visit (client/src/app/screens.ts). */
export { WorkListPage } from './WorkListPage';
export { FinderPage } from './FinderPage';
export { ReplayPage } from './ReplayPage';
export { MyReviewsPage } from './MyReviewsPage';
export { DisputesPage } from './DisputesPage';
export { ScorecardsPage } from './ScorecardsPage';
export { AuditPage } from './AuditPage';
