using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CrmBlazor.Core.Data;

/// <summary>Stores a decimal as an integer number of 1/10,000ths (four decimal places, exact).</summary>
internal sealed class MoneyToScaledIntegerConverter() : ValueConverter<decimal, long>(
    value => (long)decimal.Round(value * Scale, MidpointRounding.AwayFromZero),
    stored => stored / Scale)
{
    private const decimal Scale = 10_000m;
}
