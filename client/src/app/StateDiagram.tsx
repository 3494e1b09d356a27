import { useTranslation } from 'react-i18next';
import type { CaseKind, HistoryEntry } from '../../../shared/cases';
import { useCaseLabels } from '../lib/case-labels';
import { pathSteps } from '../lib/case-paths';

/**
 * The kind's main path as a row of steps, the current one highlighted. Done-ness comes from the
 * history (the states the case really passed through), so a step the case skipped stays dimmed.
 */
export function StateDiagram({
  kind,
  state,
  history,
}: {
  kind: CaseKind;
  state: string;
  history: readonly HistoryEntry[];
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const visited = history.flatMap((entry) => [entry.from, entry.to]).filter((name) => name !== '');
  const { steps, offPath } = pathSteps(kind, state, visited);
  return (
    <div className="state-diagram" data-testid="state-diagram" aria-label={t('case.diagram')}>
      <ol className="steps">
        {steps.map((step) => (
          <li
            key={step.state}
            className={`step step-${step.status}`}
            data-state={step.state}
            data-status={step.status}
            aria-current={step.status === 'current' ? 'step' : undefined}
            title={step.status === 'skipped' ? t('case.stepSkipped') : undefined}
          >
            <span className="dot" aria-hidden="true" />
            <span className="step-label">{labels.state(kind, step.state)}</span>
            {step.status === 'skipped' && <span className="visually-hidden"> ({t('case.stepSkipped')})</span>}
          </li>
        ))}
      </ol>
      {offPath && (
        <p className="off-path" data-testid="state-off-path" aria-current="step">
          <span className="dot" aria-hidden="true" /> {labels.state(kind, offPath)}
        </p>
      )}
    </div>
  );
}
