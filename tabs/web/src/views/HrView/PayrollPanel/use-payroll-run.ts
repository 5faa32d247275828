/**
 * The flow of one payroll run in the tab: check (upload → dry-run report), then publish that
 * upload. Publishing is idempotent on the server, so a failed publication can simply be retried.
 */
import { useCallback, useRef, useState } from 'react';
import type { PayrollPreview, PayrollPublication } from '../../../../../../core/documents/payroll-types';
import { useTabApi } from '../../../api/api-context';
import type { ApiError, PayrollUpload } from '../../../api/tab-api';
import { asApiError } from '../../../state/use-plan-state';

export type PayrollRunState =
  | { step: 'input'; error: ApiError | null }
  | { step: 'checking' }
  | { step: 'report'; report: PayrollPreview; error: ApiError | null }
  | { step: 'publishing'; report: PayrollPreview }
  | { step: 'published'; report: PayrollPreview; result: PayrollPublication };

export interface PayrollRun {
  state: PayrollRunState;
  check(upload: PayrollUpload): void;
  publish(): void;
  /** Back to the form (the staged upload expires on its own on the server). */
  reset(): void;
}

/** State and actions of the panel. */
export function usePayrollRun(): PayrollRun {
  const api = useTabApi();
  const [state, setState] = useState<PayrollRunState>({ step: 'input', error: null });
  // Answers to a run the person already left (reset) are ignored.
  const generation = useRef(0);

  const check = useCallback(
    (upload: PayrollUpload) => {
      const mine = ++generation.current;
      setState({ step: 'checking' });
      api.payrollPreview(upload).then(
        (report) => mine === generation.current && setState({ step: 'report', report, error: null }),
        (e: unknown) => mine === generation.current && setState({ step: 'input', error: asApiError(e) }),
      );
    },
    [api],
  );

  const publish = useCallback(() => {
    if (state.step !== 'report') return;
    const { report } = state;
    const mine = generation.current;
    setState({ step: 'publishing', report });
    api.payrollPublish(report.uploadId).then(
      (result) => mine === generation.current && setState({ step: 'published', report, result }),
      (e: unknown) => mine === generation.current && setState({ step: 'report', report, error: asApiError(e) }),
    );
  }, [api, state]);

  const reset = useCallback(() => {
    generation.current++;
    setState({ step: 'input', error: null });
  }, []);

  return { state, check, publish, reset };
}
