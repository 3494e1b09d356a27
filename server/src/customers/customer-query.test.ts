import { describe, expect, it } from 'vitest';
import { classifyCustomerQuery } from './customer-query';

describe('classifyCustomerQuery', () => {
  it('reads 18 characters ending in a digit or X as a resident ID, upper-casing the x', () => {
    expect(classifyCustomerQuery('11010519491231002x')).toEqual({ kind: 'residentId', idNumber: '11010519491231002X' });
    expect(classifyCustomerQuery(' 110105 19491231 0021 ')).toEqual({
      kind: 'residentId',
      idNumber: '110105194912310021',
    });
  });

  it('reads digits as a whole phone or ID number, ignoring spaces, dashes and +86', () => {
    expect(classifyCustomerQuery('138-0013-8000')).toEqual({ kind: 'digits', digits: '13800138000' });
    expect(classifyCustomerQuery('+86 138 0013 8000')).toEqual({ kind: 'digits', digits: '13800138000' });
    expect(classifyCustomerQuery('1380')).toEqual({ kind: 'digits', digits: '1380' });
    expect(classifyCustomerQuery('13')).toEqual({ kind: 'digits', digits: '13' });
  });

  it('reads a name with four digits before or after it as the last four digits of the phone', () => {
    expect(classifyCustomerQuery('张伟 5678')).toEqual({ kind: 'nameAndLastFour', text: '张伟', lastFour: '5678' });
    expect(classifyCustomerQuery('张伟5678')).toEqual({ kind: 'nameAndLastFour', text: '张伟', lastFour: '5678' });
    expect(classifyCustomerQuery('5678 Zhang Wei')).toEqual({
      kind: 'nameAndLastFour',
      text: 'zhang wei',
      lastFour: '5678',
    });
    // Latin letters run into digits without a space: a passport or booking code, not a name.
    expect(classifyCustomerQuery('Li2345')).toEqual({ kind: 'code', code: 'LI2345' });
    expect(classifyCustomerQuery('张伟 56789')).toEqual({ kind: 'name', text: '张伟 56789' });
  });

  it('reads letters mixed with digits as a booking reference or passport number', () => {
    expect(classifyCustomerQuery('td0000042')).toEqual({ kind: 'code', code: 'TD0000042' });
    expect(classifyCustomerQuery('E12345678')).toEqual({ kind: 'code', code: 'E12345678' });
  });

  it('reads everything else as a name, lower-cased', () => {
    expect(classifyCustomerQuery('张')).toEqual({ kind: 'name', text: '张' });
    expect(classifyCustomerQuery('Zhang Wei')).toEqual({ kind: 'name', text: 'zhang wei' });
    expect(classifyCustomerQuery('ZHANG')).toEqual({ kind: 'name', text: 'zhang' });
    // Regex metacharacters are just text here; the service escapes them.
    expect(classifyCustomerQuery('.*(')).toEqual({ kind: 'name', text: '.*(' });
  });
});
