using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmBlazor.Core.Data;

/// <summary>
/// Sums of money that cannot overflow in the database. On SQLite money is a scaled 64-bit integer
/// (<see cref="MoneyToScaledIntegerConverter"/>) and <c>SUM</c> of a column of them fails with "integer overflow" past
/// about 922 deals at <see cref="DealRules.MaxAmount"/>, which would stop every board and funnel of the pipeline from
/// loading. So a query sums two parts, <see cref="High"/> and <see cref="Low"/>, whose sums each stay far below the
/// limit (a part of 2^32 and a remainder below 2^32: billions of rows), and <see cref="Combine"/> puts them together
/// exactly in <c>decimal</c>. On PostgreSQL (<c>numeric</c>, no overflow) the high part is 0 and the low part is the
/// amount. Only meaningful summed in a query: <c>Hi = g.Sum(d =&gt; MoneySum.High(d.Amount)), Lo = g.Sum(d =&gt; MoneySum.Low(d.Amount))</c>.
/// </summary>
public static class MoneySum
{
    private const long Split = 1L << 32;
    /// <summary>What one unit of <see cref="High"/> is worth: 2^32 stored units of 1/10,000.</summary>
    private const decimal HighUnit = Split / 10_000m;

    public static long High(decimal amount) => throw new InvalidOperationException("MoneySum.High is translated to SQL only.");

    public static decimal Low(decimal amount) => throw new InvalidOperationException("MoneySum.Low is translated to SQL only.");

    /// <summary>The exact total from the sums of the two parts.</summary>
    public static decimal Combine(long high, decimal low) => (high * HighUnit) + low;

    internal static void Register(ModelBuilder builder, bool sqlite)
    {
        var high = typeof(MoneySum).GetMethod(nameof(High))!;
        var low = typeof(MoneySum).GetMethod(nameof(Low))!;
        if (sqlite)
        {
            var longMapping = new LongTypeMapping("INTEGER");
            var split = new SqlConstantExpression(Split, longMapping);
            // SQLite's integer division and remainder truncate toward zero: stored = high * 2^32 + low, exactly.
            builder.HasDbFunction(high).HasTranslation(args =>
                new SqlBinaryExpression(ExpressionType.Divide, args[0], split, typeof(long), longMapping));
            builder.HasDbFunction(low).HasTranslation(args =>
                new SqlBinaryExpression(ExpressionType.Modulo, args[0], split, typeof(decimal), args[0].TypeMapping));
        }
        else
        {
            builder.HasDbFunction(high).HasTranslation(_ => new SqlConstantExpression(0L, new LongTypeMapping("bigint")));
            builder.HasDbFunction(low).HasTranslation(args => args[0]);
        }
    }
}
