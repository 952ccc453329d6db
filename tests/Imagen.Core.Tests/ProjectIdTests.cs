using System;
using System.Threading.Tasks;
using Imagen.Core;
using Xunit;

namespace Imagen.Core.Tests;

/// <summary>Issue 17 point 2: what can be a project id, decided before any request (the id is a path segment of every project URL).</summary>
public sealed class ProjectIdTests
{
    [Theory]
    [InlineData("65f3a1c2d4e5f6a7b8c9d0e1")] // what the service sends: 24 hex characters
    [InlineData("1b4e28ba-2fa1-11d2-883f-0016d3cca427")] // a UUID
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV")] // a ULID
    [InlineData("12345")]
    [InlineData("does_not-exist")]
    public void IdsOfEveryFormatInUseAreAccepted(string id) => Assert.True(ImagenProjectIds.IsWellFormed(id));

    [Theory]
    [InlineData("")]
    [InlineData("Imagen: project 'Smith' (65f3a1c2d4e5f6a7b8c9d0e1)")]
    [InlineData("65f3a1c2d4e5f6a7b8c9d0e1 ")]
    [InlineData("a\tb")]
    [InlineData("..")]
    [InlineData("x/y")]
    [InlineData("x%2Fy")]
    [InlineData("C:\\Shoots")]
    [InlineData("projekt-é")]
    public void WhatNoIdCouldHoldIsRefused(string id)
    {
        Assert.False(ImagenProjectIds.IsWellFormed(id));
        var error = Assert.Throws<ArgumentException>(() => ImagenProjectIds.Check(id));
        Assert.Contains("is not a project id", error.Message);
    }

    [Fact]
    public void AnIdLongerThanAnyInUseIsRefused()
    {
        Assert.True(ImagenProjectIds.IsWellFormed(new string('a', ImagenProjectIds.MaximumLength)));
        Assert.False(ImagenProjectIds.IsWellFormed(new string('a', ImagenProjectIds.MaximumLength + 1)));
    }

    [Fact]
    public async Task TheClientRefusesABadIdBeforeSendingAnything()
    {
        // Nothing listens on port 9 of loopback: a request sent would fail with a connection error, not this one.
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri("http://127.0.0.1:9/v1"), ImagenApiKey.FromPlainText("key")));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetProjectAsync("../profiles"));
        Assert.Contains("'../profiles' is not a project id", error.Message);
    }
}
